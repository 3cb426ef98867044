'use strict';
// Activities used by the sample orchestrations. Side effects that tests count are written as marker files.
const df = require('durable-functions');
const { recordAttempt, writeMarker } = require('../lib/markers');
const { sleep } = require('../lib/sleep');

df.app.activity('SayHello', {
  handler: (name) => `Hello ${name}!`,
});

df.app.activity('Square', {
  handler: (n) => n * n,
});

df.app.activity('Delay', {
  handler: async ({ ms, value }) => {
    await sleep(ms);
    return value;
  },
});

df.app.activity('RecordValues', {
  handler: (values) => values,
});

df.app.activity('FlakyActivity', {
  handler: ({ markerDir, key, failTimes }) => {
    const attempt = recordAttempt(markerDir, key);
    if (attempt <= failTimes) throw new Error(`flaky failure on attempt ${attempt}`);
    return { attempt };
  },
});

df.app.activity('AlwaysFails', {
  handler: ({ markerDir, key }) => {
    recordAttempt(markerDir, key);
    throw new Error('permanent failure');
  },
});

df.app.activity('ThrowingActivity', {
  handler: (message) => {
    throw new Error(message);
  },
});

df.app.activity('CountAttempt', {
  handler: ({ markerDir, key }) => recordAttempt(markerDir, key),
});

df.app.activity('SlowStep', {
  handler: async ({ markerDir, key, step, ms }, context) => {
    await sleep(ms);
    writeMarker(markerDir, `${key}-step-${step}`, { step });
    context.log(`completed step ${step} of ${key}`);
    return step;
  },
});

df.app.activity('ConcurrencyProbe', {
  handler: async ({ markerDir, key, index, ms }) => {
    const start = Date.now();
    await sleep(ms);
    writeMarker(markerDir, key, { index, start, end: Date.now() });
    return index;
  },
});
