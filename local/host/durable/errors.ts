// Errors of the Durable side that the management API answers with an HTTP status, and the instance id rules.
export class DurableError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The rules of DurableClient.StartNewAsync for instance ids. */
export function validateInstanceId(instanceId: string): void {
  if (instanceId.length === 0 || instanceId.length > 256) throw new DurableError(400, 'Instance ID must be 1 to 256 characters long.');
  if (instanceId.startsWith('@')) throw new DurableError(400, `Orchestration instance ids must not start with @.`);
  // eslint-disable-next-line no-control-regex -- control characters are what the Durable host refuses in ids
  if (/[/\\#?\u0000-\u001f\u007f]/.test(instanceId)) {
    throw new DurableError(400, `Orchestration instance ids must not contain /, \\, #, ? or control characters.`);
  }
}
