'use strict';
// Orchestrations: sub-orchestrations with and without retry, with and without an explicit instance id.
const df = require('durable-functions');

df.app.orchestration('ParentOrchestration', function* (context) {
  const id = context.df.instanceId;
  const generated = yield context.df.callSubOrchestrator('ChildOrchestration', { name: 'first' });
  const explicit = yield context.df.callSubOrchestrator('ChildOrchestration', { name: 'second' }, `${id}-child`);
  return { generated, explicit };
});

df.app.orchestration('ParentRetriesChild', function* (context) {
  const { markerDir } = context.df.getInput();
  return yield context.df.callSubOrchestratorWithRetry('FlakyChild', new df.RetryOptions(200, 3), {
    markerDir,
    key: `${context.df.instanceId}-flaky`,
    failTimes: 1,
  });
});

df.app.orchestration('ChildOrchestration', function* (context) {
  const { name } = context.df.getInput();
  const greeting = yield context.df.callActivity('SayHello', name);
  return { greeting, instanceId: context.df.instanceId, parentInstanceId: context.df.parentInstanceId ?? null };
});

df.app.orchestration('FlakyChild', function* (context) {
  const { markerDir, key, failTimes } = context.df.getInput();
  const attempt = yield context.df.callActivity('CountAttempt', { markerDir, key });
  if (attempt <= failTimes) throw new Error(`child attempt ${attempt} failed`);
  return { attempt };
});

df.app.orchestration('ParentCatchesChildFailure', function* (context) {
  const { markerDir } = context.df.getInput();
  try {
    yield context.df.callSubOrchestrator('FlakyChild', { markerDir, key: `${context.df.instanceId}-child`, failTimes: 99 });
    return { caught: null };
  } catch (error) {
    return { caught: error.message };
  }
});
