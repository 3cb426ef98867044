// What every command shares: the API's address, sign-in, the client, and where output goes (text or JSON).
import { AksCosmosClient } from '../api-client';
import { signInFromEnvironment, type SignIn } from '../auth';
import { UsageError } from './exit-codes';

export const defaultApiUrl = 'http://127.0.0.1:7071/api';

export type OutputFormat = 'text' | 'json';

export interface GlobalFlags {
  api?: string;
  token?: string;
  functionKey?: string;
}

export class CliContext {
  readonly apiUrl: string;
  readonly signIn: SignIn;
  readonly client: AksCosmosClient;
  /** Whether a token went with the last request, for the message a 401 gets. */
  tokenSent = false;

  constructor(
    flags: GlobalFlags,
    readonly output: OutputFormat,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.apiUrl = apiUrl(flags.api || env.AKS_COSMOS_API || defaultApiUrl);
    this.signIn = signInFromEnvironment({ token: flags.token, env });
    const functionKey = flags.functionKey || env.AKS_COSMOS_FUNCTION_KEY;
    this.client = new AksCosmosClient({
      baseUrl: this.apiUrl,
      headers: functionKey ? { 'x-functions-key': functionKey } : undefined,
      signIn: {
        getToken: async () => {
          const token = await this.signIn.getToken();
          this.tokenSent = token !== undefined;
          return token;
        },
      },
    });
  }

  /** A line (or lines) of the command's result on stdout. */
  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.print(JSON.stringify(value, null, 2));
  }

  /** A note for people: on stdout in text mode, on stderr when stdout carries JSON. */
  note(text: string): void {
    (this.output === 'json' ? process.stderr : process.stdout).write(`${text}\n`);
  }
}

function apiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api (or AKS_COSMOS_API) must be a URL such as ${defaultApiUrl}, not '${value}'.`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new UsageError(`--api must be an http or https URL, not '${value}'.`);
  return url.href.replace(/\/+$/, '');
}
