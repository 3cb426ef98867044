// Access tokens as Entra ID shapes them for an application calling a resource. The resource decides the shape:
// v2.0 (iss .../{tid}/v2.0, aud = the API's client id, azp, roles) for the provisioning API, v1.0
// (iss https://sts.windows.net/{tid}/, aud = the resource as asked, appid) for ARM, Graph and Storage.
import { randomBytes, type KeyObject } from 'node:crypto';
import type { ResolvedResource } from './directory';
import { encodeJwt, type JwtClaims, type JwtHeader } from './jwt';
import type { SigningKey } from './signing-keys';

/** Who a token is issued to. */
export interface TokenSubject {
  /** Application (client) id. */
  clientId: string;
  /** Object id of the service principal (oid, sub). */
  objectId: string;
  displayName: string;
  /** App roles granted on the resource (only the provisioning API has some). */
  roles: string[];
}

export interface Issuers {
  tenantId: string;
  /** https://<authority>/{tid}/v2.0 */
  v2: string;
  /** https://sts.windows.net/{tid}/, as Entra writes into v1.0 tokens. */
  v1: string;
}

/** Changes a test makes to an issued token: claims and header fields (undefined removes one) and the key. */
export interface TokenOverrides {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /**
   * "current" (default) signs with the published current key; "none" makes an unsigned `alg: none` token; a
   * KeyObject signs with that (foreign) key.
   */
  key?: 'current' | 'none' | KeyObject;
}

export interface IssuedToken {
  token: string;
  claims: JwtClaims;
  expiresOn: number;
  notBefore: number;
}

/** An opaque value shaped like Entra's aio/rh/uti claims. */
function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function accessTokenClaims(
  issuers: Issuers,
  subject: TokenSubject,
  resource: ResolvedResource,
  now: number,
  lifetimeSeconds: number,
): JwtClaims {
  const common = { aud: resource.audience, iat: now, nbf: now, exp: now + lifetimeSeconds, aio: opaque(48) };
  const roles = subject.roles.length > 0 ? { roles: [...subject.roles] } : {};
  if (resource.application.tokenVersion === '2.0') {
    return {
      ...common,
      iss: issuers.v2,
      // app_displayname is an optional claim Entra emits when the application asks for it.
      app_displayname: subject.displayName,
      azp: subject.clientId,
      azpacr: '1',
      idtyp: 'app',
      oid: subject.objectId,
      rh: opaque(32),
      ...roles,
      sub: subject.objectId,
      tid: issuers.tenantId,
      uti: opaque(16),
      ver: '2.0',
    };
  }
  return {
    ...common,
    iss: issuers.v1,
    appid: subject.clientId,
    appidacr: '1',
    idp: issuers.v1,
    idtyp: 'app',
    oid: subject.objectId,
    rh: opaque(32),
    ...roles,
    sub: subject.objectId,
    tid: issuers.tenantId,
    uti: opaque(16),
    ver: '1.0',
  };
}

function withOverrides<T extends Record<string, unknown>>(base: T, overrides: Record<string, unknown> | undefined): T {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged as T;
}

/** Signs the claims with the current key (kid, and x5t for v1.0 tokens as Entra does), after the overrides. */
export function signAccessToken(claims: JwtClaims, key: SigningKey, overrides: TokenOverrides = {}): IssuedToken {
  const finalClaims = withOverrides(claims, overrides.claims);
  const baseHeader: JwtHeader =
    finalClaims.ver === '1.0' ? { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid } : { typ: 'JWT', alg: 'RS256', kid: key.kid };
  const keyChoice = overrides.key ?? 'current';
  const header = withOverrides(keyChoice === 'none' ? { typ: 'JWT', alg: 'none' } : baseHeader, overrides.header);
  const signingKey = keyChoice === 'none' ? undefined : keyChoice === 'current' ? key.privateKey : keyChoice;
  return {
    token: encodeJwt(header, finalClaims, signingKey),
    claims: finalClaims,
    expiresOn: Number(finalClaims.exp),
    notBefore: Number(finalClaims.nbf),
  };
}
