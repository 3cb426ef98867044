// aks-engine logs with logrus' TextFormatter{ForceColors: true} to stdout (main.go), so every line is coloured,
// TTY or not: "\x1b[36mINFO\x1b[0m[0003] message padded to 44 " where 0003 is whole seconds since start.

export const startedAt = Date.now();

type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

const colours: Record<Level, number> = { debug: 37, info: 36, warning: 33, error: 31, fatal: 31 };

let debugEnabled = false;

export function enableDebug(): void {
  debugEnabled = true;
}

/** Formats one line exactly like logrus' coloured text output (including its trailing space). */
export function formatLogLine(level: Level, message: string, now = Date.now()): string {
  const seconds = Math.floor((now - startedAt) / 1000);
  const text = message.replace(/\n$/, '');
  return `\x1b[${colours[level]}m${level.toUpperCase().slice(0, 4)}\x1b[0m[${String(seconds).padStart(4, '0')}] ${text.padEnd(44)} \n`;
}

function write(level: Level, message: string): void {
  process.stdout.write(formatLogLine(level, message));
}

export const log = {
  debug(message: string): void {
    if (debugEnabled) write('debug', message);
  },
  info(message: string): void {
    write('info', message);
  },
  warn(message: string): void {
    write('warning', message);
  },
  error(message: string): void {
    write('error', message);
  },
};

/** Thrown by fatal() so that callers unwind; cli.ts turns it into exit code 1 once stdout has drained. */
export class FatalExit extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalExit';
  }
}

/** log.Fatalf: prints a FATA line and exits with code 1. */
export function fatal(message: string): never {
  write('fatal', message);
  throw new FatalExit(message);
}

/** Thrown by goPanic(): cli.ts exits with Go's panic status (2) after the trace is printed. */
export class GoPanicExit extends Error {}

/** Where aks-engine dereferences a nil pointer (e.g. an apimodel without masterProfile in deploy), Go panics. */
export function goPanic(frame: string, reason?: string): never {
  const text =
    reason ??
    'runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]';
  process.stderr.write(`panic: ${text}\n\ngoroutine 1 [running]:\n${frame}(...)\n`);
  throw new GoPanicExit(frame);
}
