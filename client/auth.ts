// Sign-in for the client: a bearer token for the API's scope from, in order, a token given outright, a client
// secret in the environment (tools), or the developer's `az login`. No credential is not an error: the call goes
// out without a token and the API decides.
import fs from 'node:fs';
import path from 'node:path';
import type { AccessToken, AzureAuthorityHosts, TokenCredential } from '@azure/identity';
import { SignInError } from './errors';

// @azure/identity takes a third of a second or more to load, so it is loaded on first use: a command given a token
// never loads it. require() keeps it the CommonJS build the types describe (import() would load the ES build).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, for the reason above
const identity = (): typeof import('@azure/identity') => require('@azure/identity');

export const defaultScope = 'api://aks-cosmos-provisioner/.default';

export interface SignIn {
  /** How the token is obtained: 'token', 'client-secret', 'azure-cli'. */
  readonly method: 'token' | 'client-secret' | 'azure-cli';
  readonly scope: string;
  /** A bearer token, or undefined when no credential is available (see unavailableReason). */
  getToken(): Promise<string | undefined>;
  /** Why the last getToken() found no token, for the message shown when the API then asks for one. */
  readonly unavailableReason: string | undefined;
}

export interface SignInOptions {
  /** A token to send as is (the CLI's --token); else AKS_COSMOS_TOKEN. */
  token?: string;
  /** Else AKS_COSMOS_SCOPE, else api://aks-cosmos-provisioner/.default. */
  scope?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the Azure CLI credential (tests). */
  developerCredential?: TokenCredential;
}

/** The values of @azure/identity's AzureAuthorityHosts (the compiler checks that none is missing or extra). */
const publicAuthorityHostValues: Record<`${AzureAuthorityHosts}`, true> = {
  'https://login.microsoftonline.com': true,
  'https://login.chinacloudapi.cn': true,
  'https://login.microsoftonline.us': true,
  'https://login.microsoftonline.de': true,
};
const publicAuthorityHosts = new Set(Object.keys(publicAuthorityHostValues).map(normalizeHost));

function normalizeHost(host: string): string {
  return host.trim().replace(/\/+$/, '').toLowerCase();
}

/** Whether an authority host is one of the public clouds', whose instance metadata MSAL may look up. */
export function isPublicAuthorityHost(host: string): boolean {
  return publicAuthorityHosts.has(normalizeHost(host));
}

function hasClientSecret(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AZURE_TENANT_ID && env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET);
}

/** The client secret credential the environment describes, or undefined when the variables are not all set. */
export async function clientSecretCredentialFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<TokenCredential | undefined> {
  const { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret, AZURE_AUTHORITY_HOST: host } = env;
  if (!tenantId || !clientId || !secret) return undefined;
  const { ClientSecretCredential } = identity();
  // A private authority (a sovereign or local sign-in) has no entry in the public instance metadata.
  return new ClientSecretCredential(tenantId, clientId, secret, {
    ...(host ? { authorityHost: host } : {}),
    ...(host && !isPublicAuthorityHost(host) ? { disableInstanceDiscovery: true } : {}),
  });
}

export function signInFromEnvironment(options: SignInOptions = {}): SignIn {
  const env = options.env ?? process.env;
  const scope = options.scope || env.AKS_COSMOS_SCOPE || defaultScope;
  const token = options.token || env.AKS_COSMOS_TOKEN;
  if (token) return { method: 'token', scope, unavailableReason: undefined, getToken: async () => token };
  if (hasClientSecret(env))
    return new CredentialSignIn('client-secret', scope, async () => (await clientSecretCredentialFromEnvironment(env))!, true);
  if (!options.developerCredential && !onPath('az', env)) {
    // Without the Azure CLI there is nothing to ask, and no reason to load @azure/identity.
    const unavailableReason = 'the Azure CLI (az) is not on PATH, and neither a token nor a client secret is set.';
    return { method: 'azure-cli', scope, unavailableReason, getToken: async () => undefined };
  }
  const developer = async () => options.developerCredential ?? new (identity().AzureCliCredential)();
  return new CredentialSignIn('azure-cli', scope, developer, false);
}

/** Whether a program is on PATH (with PATHEXT's extensions on Windows). */
function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) =>
      extensions.some((extension) => {
        try {
          fs.accessSync(path.join(dir, program + extension), fs.constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
    );
}

/** Tokens from an @azure/identity credential, kept until shortly before they expire (the Azure CLI keeps none). */
class CredentialSignIn implements SignIn {
  unavailableReason: string | undefined;
  private cached: AccessToken | undefined;
  private pending: Promise<string | undefined> | undefined;

  constructor(
    readonly method: 'client-secret' | 'azure-cli',
    readonly scope: string,
    private readonly credential: () => Promise<TokenCredential>,
    /** A configured credential that fails is an error; a missing `az login` is not. */
    private readonly required: boolean,
  ) {}

  getToken(): Promise<string | undefined> {
    if (this.cached && this.cached.expiresOnTimestamp - Date.now() > 120_000) return Promise.resolve(this.cached.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string | undefined> {
    try {
      this.cached = (await (await this.credential()).getToken(this.scope)) ?? undefined;
      this.unavailableReason = this.cached ? undefined : 'the credential returned no token';
      return this.cached?.token;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      if (this.required) throw new SignInError(`Sign-in with the client secret in the environment failed: ${reason}`, { cause: error });
      this.unavailableReason = reason;
      return undefined;
    }
  }
}
