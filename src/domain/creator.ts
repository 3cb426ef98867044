// Who asked for something, as records and the audit trail keep it: ids are not secrets.

export interface Creator {
  /** The object id of the user or service principal. */
  objectId: string;
  /** The client application that called. */
  applicationId: string;
  displayName?: string;
}
