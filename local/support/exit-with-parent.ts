// Preloaded (`node --require`, see child-lifetime.ts) into the long-running processes the local stack starts: each
// ends itself, as if stopped with SIGTERM, once the process that started it is gone. An orphan is adopted by
// another process (init or a subreaper), and process.ppid reads the current parent each time.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
