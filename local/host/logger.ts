// Console logging in the Functions host's spirit: timestamp, level, function name and invocation id.
import { logLevelOrder, type LogLevel } from './settings';

const rpcLevels: Record<string, LogLevel> = {
  trace: 'Trace',
  debug: 'Debug',
  information: 'Information',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
  none: 'None',
};

export function fromRpcLevel(level: string): LogLevel {
  return rpcLevels[level.toLowerCase()] ?? 'Information';
}

export class Logger {
  constructor(
    private readonly minimum: LogLevel,
    private readonly perFunction: Record<string, LogLevel> = {},
  ) {}

  enabled(level: LogLevel, functionName?: string): boolean {
    const threshold = (functionName && this.perFunction[functionName]) || this.minimum;
    return level !== 'None' && logLevelOrder.indexOf(level) >= logLevelOrder.indexOf(threshold);
  }

  log(level: LogLevel, message: string, functionName?: string, invocationId?: string): void {
    if (!this.enabled(level, functionName)) return;
    const scope = functionName ? ` [${functionName}${invocationId ? ` ${invocationId}` : ''}]` : '';
    const line = `[${new Date().toISOString()}] [${level}]${scope} ${message}\n`;
    (logLevelOrder.indexOf(level) >= logLevelOrder.indexOf('Warning') ? process.stderr : process.stdout).write(line);
  }

  info(message: string): void {
    this.log('Information', message);
  }

  warn(message: string): void {
    this.log('Warning', message);
  }

  error(message: string): void {
    this.log('Error', message);
  }
}
