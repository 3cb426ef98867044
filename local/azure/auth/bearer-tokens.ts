// Bearer token checks as ARM and Microsoft Graph make them: RS256 signature against the identity's published
// keys, expiry and not-before (5 minutes of clock skew), audience per endpoint, issuer and tenant, an object id.
// A bad token gets the 401 each service answers (ARM: InvalidAuthenticationToken, ExpiredAuthenticationToken,
// InvalidAuthenticationTokenAudience, InvalidAuthenticationTokenTenant; Graph: InvalidAuthenticationToken) and
// a WWW-Authenticate header. Without auth options only the presence of a bearer token is checked.
import { request as httpsRequest } from 'node:https';
import type { JSONWebKeySet, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { ApiError } from '../http/errors';

export type TokenAudience = 'arm' | 'graph';

export interface EmulatorAuthOptions {
  /** The identity's keys: its jwks_uri (fetched over HTTPS, trusting caPem), or the key set in-process. */
  jwks: string | (() => JSONWebKeySet);
  /** PEM of the CA to trust when fetching jwks. */
  caPem?: string;
  /** Issuers accepted besides Entra's own for the tenant (https://sts.windows.net/{tid}/, https://login.microsoftonline.com/{tid}/v2.0). */
  issuers?: string[];
  /** Authority named in WWW-Authenticate (default https://login.windows.net), e.g. the local identity's. */
  authorityHost?: string;
  /** Audiences accepted besides Azure's (e.g. the emulator's own URLs). */
  armAudiences?: string[];
  graphAudiences?: string[];
  /** Allowed clock skew on exp and nbf (default 300 s, as ARM). */
  clockSkewSeconds?: number;
}

/** ARM's allowed audiences, in the order its error message lists them. */
export const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000'];
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const UNBOUNDED_SECONDS = 100 * 365 * 86_400;

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type KeyGetter = ReturnType<Jose['createLocalJWKSet']> | ReturnType<Jose['createRemoteJWKSet']>;

let josePromise: Promise<Jose> | undefined;
// jose is an ES module; the emulator is compiled to CommonJS, so it is loaded with import().
const loadJose = () => (josePromise ??= import('jose'));

/** "6/15/2026 8:22:51 AM", the UTC time format of ARM's ExpiredAuthenticationToken message. */
function armUtcTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  const hours = date.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ` +
    `${twelve}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
  );
}

/** A fetcher for jose's createRemoteJWKSet that trusts the given CA (node's fetch cannot be told to). */
function httpsFetcher(caPem: string | undefined) {
  return (url: string, options: { headers: Headers; signal: AbortSignal }) =>
    new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(url, { ca: caPem, signal: options.signal, headers: Object.fromEntries(options.headers) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
}

/** Tokens whose signature a key set already verified, at most this many (a client reuses its token for an hour). */
const VERIFIED_TOKENS_KEPT = 1000;

export class BearerTokenValidator {
  private keyGetter?: KeyGetter;
  /** The in-process key set, its importer, and the payloads of tokens it verified (a rotation starts a new set). */
  private localSet?: { source: JSONWebKeySet; getter: KeyGetter; verified: Map<string, JWTPayload> };
  private readonly authorityHost: string;
  private readonly issuers: string[];

  constructor(
    private readonly tenantId: string,
    private readonly options: EmulatorAuthOptions | undefined,
  ) {
    this.authorityHost = (options?.authorityHost ?? 'https://login.windows.net').replace(/\/+$/, '');
    this.issuers = [
      `https://sts.windows.net/${tenantId}/`,
      `https://login.microsoftonline.com/${tenantId}/v2.0`,
      ...(options?.issuers ?? []),
    ].map((issuer) => issuer.toLowerCase());
  }

  /** Whether tokens are verified (otherwise any bearer token is accepted). */
  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** undefined when the request may go on; otherwise the 401 to answer. */
  async check(authorization: string | undefined, audience: TokenAudience): Promise<ApiError | undefined> {
    const header = authorization ?? '';
    if (header.trim() === '') return this.missing(audience);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Access token is empty.')
        : this.armError(
            'AuthenticationFailed',
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
            "The authentication failed because the 'Authorization' header is provided in an invalid format.",
          );
    }
    if (!this.options) return undefined;
    return this.verify(match[1]!, audience);
  }

  private missing(audience: TokenAudience): ApiError {
    return audience === 'graph'
      ? this.graphError('InvalidAuthenticationToken', 'Access token is empty.')
      : this.armError(
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
          "The authentication failed because of missing 'Authorization' header.",
        );
  }

  private async verify(token: string, audience: TokenAudience): Promise<ApiError | undefined> {
    const jose = await loadJose();
    const invalid = () =>
      audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Access token validation failure.')
        : this.armError('InvalidAuthenticationToken', 'The access token is invalid.');
    let payload: JWTPayload;
    try {
      jose.decodeJwt(token);
    } catch {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'CompactToken parsing failed with error code: 80049217')
        : invalid();
    }
    // A token's signature is checked once per in-process key set; its claims, lifetime included, at every request.
    const { getter, verified } = await this.keys(jose);
    const known = verified?.get(token);
    if (known) payload = known;
    else {
      try {
        // Lifetime is checked below, for each service's own wording: jose only checks the signature and the claims' types here.
        ({ payload } = await jose.jwtVerify(token, getter, { algorithms: ['RS256'], clockTolerance: UNBOUNDED_SECONDS }));
      } catch (error) {
        if (error instanceof jose.errors.JWTExpired || error instanceof jose.errors.JWTClaimValidationFailed) payload = error.payload;
        else return invalid();
      }
      if (verified) {
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
        verified.set(token, payload);
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const skew = this.options?.clockSkewSeconds ?? 300;
    if (typeof payload.exp !== 'number' || payload.exp + skew < now) {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.')
        : this.armError(
            'ExpiredAuthenticationToken',
            `The access token expiry UTC time '${armUtcTime(Number(payload.exp ?? 0))}' ` +
              `is earlier than current UTC time '${armUtcTime(now)}'.`,
          );
    }
    if (typeof payload.nbf === 'number' && payload.nbf - skew > now) {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')
        : invalid();
    }
    const allowed = this.audiences(audience);
    const tokenAudiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
    if (!tokenAudiences.some((value) => allowed.includes(value))) {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.')
        : this.armError(
            'InvalidAuthenticationTokenAudience',
            `The access token has been obtained for wrong audience or resource '${tokenAudiences.join(',')}'. ` +
              `It should exactly match with one of the allowed audiences ${allowed.map((value) => `'${value}'`).join(',')}.`,
          );
    }
    const tenantMatches = typeof payload.tid !== 'string' || payload.tid.toLowerCase() === this.tenantId.toLowerCase();
    if (!this.issuers.includes(String(payload.iss ?? '').toLowerCase()) || !tenantMatches) {
      return audience === 'graph'
        ? this.graphError('InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.')
        : this.armError(
            'InvalidAuthenticationTokenTenant',
            `The access token is from the wrong issuer '${String(payload.iss ?? '')}'. It must match the tenant ` +
              `'https://sts.windows.net/${this.tenantId}/' associated with this subscription. Please use the authority (URL) ` +
              `'${this.authorityHost}/${this.tenantId}' to get the token. Note, if the subscription is transferred to another tenant ` +
              'there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). ' +
              'If you just transferred your subscription and see this error message, please try back later.',
          );
    }
    if (typeof payload.oid !== 'string' && typeof payload.puid !== 'string' && typeof payload.altsecid !== 'string') {
      return audience === 'graph'
        ? invalid()
        : this.armError(
            'InvalidAuthenticationToken',
            "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. " +
              'If you are accessing as application please make sure service principal is properly created in the tenant.',
          );
    }
    return undefined;
  }

  private audiences(audience: TokenAudience): string[] {
    return audience === 'graph'
      ? [...GRAPH_AUDIENCES, ...(this.options?.graphAudiences ?? [])]
      : [...ARM_AUDIENCES, ...(this.options?.armAudiences ?? [])];
  }

  /** The keys to verify with and, for the in-process set, the tokens it already verified. */
  private async keys(jose: Jose): Promise<{ getter: KeyGetter; verified?: Map<string, JWTPayload> }> {
    const source = this.options!.jwks;
    if (typeof source === 'string') {
      this.keyGetter ??= jose.createRemoteJWKSet(new URL(source), {
        [jose.customFetch]: httpsFetcher(this.options!.caPem),
        // A key rotated in is fetched at once; the set is refreshed at most every 10 minutes otherwise.
        cooldownDuration: 0,
        cacheMaxAge: 600_000,
      });
      return { getter: this.keyGetter };
    }
    const set = source();
    if (this.localSet?.source !== set) this.localSet = { source: set, getter: jose.createLocalJWKSet(set), verified: new Map() };
    return this.localSet;
  }

  private armError(code: string, message: string, description = message): ApiError {
    return new ApiError(401, code, message, {
      headers: {
        'www-authenticate':
          `Bearer authorization_uri="${this.authorityHost}/${this.tenantId}", ` +
          `error="invalid_token", error_description="${description}"`,
      },
    });
  }

  private graphError(code: string, message: string): ApiError {
    const authorize = this.options?.authorityHost
      ? `${this.authorityHost}/common/oauth2/authorize`
      : 'https://login.microsoftonline.com/common/oauth2/authorize';
    return new ApiError(401, code, message, {
      headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${authorize}", client_id="${GRAPH_APP_ID}"` },
    });
  }
}
