'use strict';
// A no-op activity and the two orchestrations the benchmark runs: a chain and a fan-out of that activity.
const df = require('durable-functions');
const { noop } = require('../lib/work');

df.app.activity('Noop', { handler: noop });

df.app.orchestration('NoopChain', function* (context) {
  const { count } = context.df.getInput();
  const results = [];
  for (let i = 0; i < count; i++) results.push(yield context.df.callActivity('Noop', i));
  return results.length;
});

df.app.orchestration('NoopFanOut', function* (context) {
  const { count } = context.df.getInput();
  const tasks = [];
  for (let i = 0; i < count; i++) tasks.push(context.df.callActivity('Noop', i));
  const results = yield context.df.Task.all(tasks);
  return results.length;
});
