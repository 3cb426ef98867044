// Loaded into every Node process of a test run by suite-cpu.bench.ts (through a --require file it writes, which
// names the log): at exit, appends the process's command line and CPU seconds to the log. Processes killed with
// SIGKILL never write (their CPU is missing from the figures).
import fs from 'node:fs';

export function recordCpuAtExit(logFile: string): void {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    const entry = { pid: process.pid, ppid: process.ppid, argv: process.argv.slice(1).join(' '), cpuSeconds: (user + system) / 1e6 };
    try {
      fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    } catch {
      // a measurement must never change how a process ends
    }
  });
}
