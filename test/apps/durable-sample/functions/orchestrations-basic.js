'use strict';
// Orchestrations: chaining, fan-out/fan-in, Task.any, continueAsNew, custom status and replay determinism.
const df = require('durable-functions');

df.app.orchestration('HelloSequence', function* (context) {
  const cities = context.df.getInput() || ['Tokyo', 'Seattle', 'London'];
  const greetings = [];
  for (const city of cities) {
    greetings.push(yield context.df.callActivity('SayHello', city));
  }
  return greetings;
});

df.app.orchestration('FanOutFanIn', function* (context) {
  const { count } = context.df.getInput();
  const tasks = [];
  for (let n = 1; n <= count; n++) tasks.push(context.df.callActivity('Square', n));
  const results = yield context.df.Task.all(tasks);
  return { results, sum: results.reduce((total, value) => total + value, 0) };
});

df.app.orchestration('RaceActivities', function* (context) {
  const slow = context.df.callActivity('Delay', { ms: 3000, value: 'slow' });
  const fast = context.df.callActivity('Delay', { ms: 50, value: 'fast' });
  const winner = yield context.df.Task.any([slow, fast]);
  return { winner: winner.result, fastWon: winner === fast };
});

df.app.orchestration('Counter', function* (context) {
  const { n, target } = context.df.getInput();
  context.df.setCustomStatus({ n });
  if (n >= target) return { final: n };
  yield context.df.callActivity('Square', n);
  context.df.continueAsNew({ n: n + 1, target });
  return undefined;
});

df.app.orchestration('CustomStatusSteps', function* (context) {
  context.df.setCustomStatus({ stage: 'started' });
  yield context.df.callActivity('SayHello', 'status');
  context.df.setCustomStatus({ stage: 'waiting', progress: 50 });
  const answer = yield context.df.waitForExternalEvent('Continue');
  context.df.setCustomStatus({ stage: 'done', progress: 100 });
  return answer;
});

df.app.orchestration('Deterministic', function* (context) {
  const t1 = context.df.currentUtcDateTime.toISOString();
  const g1 = context.df.newGuid(context.df.instanceId);
  const g1b = context.df.newGuid(context.df.instanceId);
  context.df.setCustomStatus({ t1, g1 });
  // The activity receives the values computed in the first episode; later episodes replay and must compute the same.
  const recorded = yield context.df.callActivity('RecordValues', { t1, g1 });
  const t2 = context.df.currentUtcDateTime.toISOString();
  const g2 = context.df.newGuid(context.df.instanceId);
  return { t1, g1, g1b, recorded, t2, g2 };
});
