// Compact JWS (JWT) encoding as Entra ID issues it: RS256 over base64url(header).base64url(payload). Tests may
// also ask for `alg: none` (empty signature) or any header, so signing is done here rather than by a library
// that would refuse to make such tokens.
import { sign, type KeyObject } from 'node:crypto';

export type JwtHeader = Record<string, unknown>;
export type JwtClaims = Record<string, unknown>;

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Signs with the header's `alg`: RS256 needs an RSA private key; `none` leaves the signature empty. Any other
 * alg is signed as RS256 would be, so a test can present a token whose header lies about its algorithm.
 */
export function encodeJwt(header: JwtHeader, claims: JwtClaims, key: KeyObject | undefined): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  if (header.alg === 'none' || key === undefined) return `${input}.`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
}

/** The header and claims of a compact JWT, without any check; undefined when it is not one. */
export function decodeJwt(token: string): { header: JwtHeader; claims: JwtClaims } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(claims)) return undefined;
    return { header, claims };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
