// Who is calling: the object id (oid) and application id (appid/azp) in the bearer token. The token has been
// checked before this is read (with `auth`); without `auth`, tests may send any JWT-shaped token to act as a principal.

export interface Caller {
  /** The token's oid: the principal ARM authorizes. */
  objectId: string;
  /** The token's appid (v1) or azp (v2): how ARM names a service principal in AuthorizationFailed. */
  clientId?: string;
}

export function callerOf(authorization: string | undefined): Caller | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.oid !== 'string') return undefined;
    const clientId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
    return clientId ? { objectId: claims.oid, clientId } : { objectId: claims.oid };
  } catch {
    return undefined;
  }
}
