'use strict';
// Orchestrations: durable timers, external events, and an event with a timeout.
const df = require('durable-functions');

df.app.orchestration('TimerOrchestration', function* (context) {
  const { seconds } = context.df.getInput();
  const startedAt = context.df.currentUtcDateTime;
  const fireAt = new Date(startedAt.getTime() + seconds * 1000);
  yield context.df.createTimer(fireAt);
  return {
    startedAt: startedAt.toISOString(),
    fireAt: fireAt.toISOString(),
    resumedAt: context.df.currentUtcDateTime.toISOString(),
  };
});

df.app.orchestration('ApprovalWithTimeout', function* (context) {
  const { timeoutSeconds } = context.df.getInput();
  const deadline = new Date(context.df.currentUtcDateTime.getTime() + timeoutSeconds * 1000);
  const approval = context.df.waitForExternalEvent('Approval');
  const timeout = context.df.createTimer(deadline);
  const winner = yield context.df.Task.any([approval, timeout]);
  if (winner === approval) {
    timeout.cancel();
    return { approved: approval.result };
  }
  return { timedOut: true };
});

df.app.orchestration('SumEvents', function* (context) {
  const { count } = context.df.getInput();
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += yield context.df.waitForExternalEvent('Add');
  }
  return total;
});

df.app.orchestration('WaitForTwoEvents', function* (context) {
  const [first, second] = yield context.df.Task.all([context.df.waitForExternalEvent('First'), context.df.waitForExternalEvent('Second')]);
  return { first, second };
});
