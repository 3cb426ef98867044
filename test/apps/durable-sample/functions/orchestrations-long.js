'use strict';
// Long-running orchestrations that tests terminate, suspend, resume, or crash the host under.
const df = require('durable-functions');

df.app.orchestration('LongTimer', function* (context) {
  const { seconds } = context.df.getInput();
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + seconds * 1000));
  return 'timer fired';
});

df.app.orchestration('SlowChain', function* (context) {
  const { markerDir, key, steps, ms } = context.df.getInput();
  const done = [];
  for (let step = 0; step < steps; step++) {
    done.push(yield context.df.callActivity('SlowStep', { markerDir, key, step, ms }));
    context.df.setCustomStatus({ completedSteps: done.length });
  }
  return done;
});

df.app.orchestration('ConcurrencyFanOut', function* (context) {
  const { markerDir, key, count, ms } = context.df.getInput();
  const tasks = [];
  for (let index = 0; index < count; index++) {
    tasks.push(context.df.callActivity('ConcurrencyProbe', { markerDir, key, index, ms }));
  }
  return yield context.df.Task.all(tasks);
});
