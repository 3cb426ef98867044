'use strict';
// Orchestrations: activity retries and failure propagation.
const df = require('durable-functions');

df.app.orchestration('RetryThenSucceed', function* (context) {
  const input = context.df.getInput();
  const retry = new df.RetryOptions(input.firstRetryMs, input.maxAttempts);
  return yield context.df.callActivityWithRetry('FlakyActivity', retry, input);
});

df.app.orchestration('RetryExhausted', function* (context) {
  const input = context.df.getInput();
  try {
    yield context.df.callActivityWithRetry('AlwaysFails', new df.RetryOptions(input.firstRetryMs, input.maxAttempts), input);
    return { caught: null };
  } catch (error) {
    return { caught: error.message };
  }
});

df.app.orchestration('FailingOrchestration', function* (context) {
  yield context.df.callActivity('SayHello', 'before failure');
  yield context.df.callActivity('ThrowingActivity', 'kaboom');
  return 'unreachable';
});

df.app.orchestration('ThrowingOrchestration', function* (context) {
  yield context.df.callActivity('SayHello', 'before throw');
  throw new Error('orchestrator gave up');
});

df.app.orchestration('CallsMissingActivity', function* (context) {
  return yield context.df.callActivity('DoesNotExist', 'x');
});
