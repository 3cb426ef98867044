// The loggers scale and upgrade make with logrus.New() (a WithField("source", ...) entry for scale): unlike the
// standard logger (coloured, stdout) they write to stderr with logrus' default TextFormatter, which colours only
// a terminal; otherwise `time="2019-03-20T10:00:00Z" level=info msg="..." source="scaling command line"`.
import { startedAt } from './log';

type EntryLevel = 'info' | 'warning' | 'error';

export interface EntryLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const colours: Record<EntryLevel, number> = { info: 36, warning: 33, error: 31 };

/** Go's %q (strconv.Quote): printable characters kept, the rest escaped. */
export function goQuote(text: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (named[ch]) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' '))
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** TextFormatter.needsQuoting: anything but letters, digits and -._/@^+ is quoted. */
function value(text: string): string {
  return /^[A-Za-z0-9\-._/@^+]*$/.test(text) ? text : goQuote(text);
}

/** time.RFC3339 in local time, as Go formats it ("Z" for UTC). */
export function rfc3339(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
  );
}

export function formatEntryLine(
  level: EntryLevel,
  message: string,
  fields: Record<string, string>,
  terminal: boolean,
  now = Date.now(),
): string {
  const keys = Object.keys(fields).sort();
  if (terminal) {
    const c = colours[level];
    const text = message.replace(/\n$/, '');
    const seconds = String(Math.floor((now - startedAt) / 1000)).padStart(4, '0');
    const head = `\x1b[${c}m${level.toUpperCase().slice(0, 4)}\x1b[0m[${seconds}] ${text.padEnd(44)} `;
    return `${head}${keys.map((key) => ` \x1b[${c}m${key}\x1b[0m=${value(fields[key]!)}`).join('')}\n`;
  }
  // Without colours the message is printed as given (a trailing newline is quoted, not trimmed).
  const pairs = [`time=${value(rfc3339(new Date(now)))}`, `level=${level}`, ...(message ? [`msg=${value(message)}`] : [])];
  return `${[...pairs, ...keys.map((key) => `${key}=${value(fields[key]!)}`)].join(' ')}\n`;
}

/** logrus.New() (optionally .WithField(...)): Info level, stderr. */
export function newEntryLogger(fields: Record<string, string> = {}): EntryLogger {
  const write = (level: EntryLevel, message: string) =>
    process.stderr.write(formatEntryLine(level, message, fields, process.stderr.isTTY === true));
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warning', message),
    error: (message) => write('error', message),
  };
}
