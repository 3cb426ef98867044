// What a preflight check reports: an error stops a create before anything exists; a warning is information.

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  target?: string;
}

/** Findings that mean "someone else has this name": a create answers 409 for them, 400 for the others. */
export const conflictCodes: ReadonlySet<string> = new Set(['CosmosAccountNameTaken', 'DnsNameNotAvailable']);
