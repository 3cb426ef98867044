// Validates Microsoft Entra ID access tokens in the app itself, the same behind any front door: the signature
// against the issuer's keys (found through OpenID Connect discovery, cached, fetched again once for an unknown
// key id), an allow-list of algorithms, issuer, audience, expiry and not-before with a small clock skew, and
// the tenant.
import type { Settings } from '../config/settings';
import { allRoles, type Caller, type Role } from './caller';

/** Why a token was refused, worded for the WWW-Authenticate error_description. */
export class InvalidTokenError extends Error {}

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type KeySet = ReturnType<Jose['createRemoteJWKSet']>;

const allowedAlgorithms = ['RS256'];
const keySetCooldownMs = 1_000;

export class TokenValidator {
  private keySet?: Promise<KeySet>;
  private readonly jose: Promise<Jose> = import('jose');

  constructor(private readonly settings: Pick<Settings, 'auth'>) {}

  private async keys(): Promise<KeySet> {
    this.keySet ??= (async () => {
      const { createRemoteJWKSet } = await this.jose;
      const discovery = `${this.settings.auth.issuer}/.well-known/openid-configuration`;
      const response = await fetch(discovery, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`OpenID Connect discovery at ${discovery} answered HTTP ${response.status}.`);
      const document = (await response.json()) as { jwks_uri?: string; issuer?: string };
      if (!document.jwks_uri) throw new Error(`OpenID Connect discovery at ${discovery} names no jwks_uri.`);
      // Keys are cached for an hour; a token with an unknown key id makes jose fetch the set again, at most once a
      // second, so that a rotated key works at once and a flood of made-up key ids costs one fetch a second.
      return createRemoteJWKSet(new URL(document.jwks_uri), { cooldownDuration: keySetCooldownMs, cacheMaxAge: 60 * 60_000 });
    })().catch((error) => {
      this.keySet = undefined;
      throw error;
    });
    return this.keySet;
  }

  /** The caller a token names; throws InvalidTokenError for a token to refuse. */
  async validate(token: string): Promise<Caller> {
    const jose = await this.jose;
    const keys = await this.keys();
    const { issuer, audiences, tenantId, clockSkewSeconds } = this.settings.auth;
    const verify = () =>
      jose.jwtVerify(token, keys, { algorithms: allowedAlgorithms, issuer, audience: audiences, clockTolerance: clockSkewSeconds });
    let payload: Record<string, unknown>;
    try {
      try {
        ({ payload } = await verify());
      } catch (error) {
        // A key rotated within a second of the last fetch: wait out the cooldown and fetch once, rather than
        // refusing the first tokens of the new key.
        if (!(error instanceof jose.errors.JWKSNoMatchingKey) || !keys.coolingDown) throw error;
        await new Promise((resolve) => setTimeout(resolve, keySetCooldownMs));
        ({ payload } = await verify());
      }
    } catch (error) {
      throw new InvalidTokenError(describe(jose, error));
    }
    if (payload.tid !== tenantId) throw new InvalidTokenError('The token was issued for another tenant.');
    const objectId = typeof payload.oid === 'string' ? payload.oid : undefined;
    const applicationId = typeof payload.azp === 'string' ? payload.azp : typeof payload.appid === 'string' ? payload.appid : undefined;
    if (!objectId || !applicationId) throw new InvalidTokenError('The token names no object id (oid) or client application (azp).');
    const displayName = [payload.name, payload.app_displayname].find((value): value is string => typeof value === 'string' && value !== '');
    const granted = Array.isArray(payload.roles) ? payload.roles.filter((role): role is Role => allRoles.includes(role as Role)) : [];
    return { objectId, applicationId, displayName, tenantId, roles: granted };
  }
}

function describe(jose: Jose, error: unknown): string {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    if (error.claim === 'aud') return 'The token was issued for another audience.';
    if (error.claim === 'iss') return 'The token was issued by another issuer.';
    return `The token's ${error.claim} claim is not acceptable (${error.reason}).`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm that is not allowed.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token is signed with an unknown key.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return 'The token is malformed.';
  }
  return 'The token could not be validated.';
}
