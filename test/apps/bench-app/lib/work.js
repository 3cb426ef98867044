'use strict';
// The work measured by the benchmark, kept apart from registration so it can also be called directly.

/** A no-op activity: returns its input. */
function noop(input) {
  return input;
}

/** The chain, called directly: each call waits for the previous one. */
async function chainDirect(count) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await noop(i));
  return results;
}

/** The fan-out, called directly: all calls at once, then wait for all. */
async function fanOutDirect(count) {
  return Promise.all(Array.from({ length: count }, (_, i) => Promise.resolve().then(() => noop(i))));
}

module.exports = { noop, chainDirect, fanOutDirect };
