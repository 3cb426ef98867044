'use strict';
// Side effects that tests count across processes (and across host restarts) are recorded as files:
// one file per event, named "<key>.<random>.json", in a directory the caller passes in the input.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

function listMarkers(dir, key) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => name.startsWith(`${key}.`) && name.endsWith('.json'));
}

function writeMarker(dir, key, data) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.${crypto.randomUUID()}.json`);
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ ...data, pid: process.pid, at: Date.now() }));
  fs.renameSync(temp, file);
}

/** Records one more attempt under the key and returns its number (1 for the first attempt). */
function recordAttempt(dir, key) {
  const attempt = listMarkers(dir, key).length + 1;
  writeMarker(dir, key, { attempt });
  return attempt;
}

module.exports = { listMarkers, writeMarker, recordAttempt };
