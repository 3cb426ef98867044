// authArgs of cmd/root.go, shared by deploy, scale and upgrade: the auth flags' validation (client id and
// subscription as UUIDs, the subscription from the Azure CLI's config when absent, a known --azure-env) and
// getClient (sign in, then make sure the resource providers aks-engine needs are registered).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { autorestErrorText } from './arm-errors';
import { createAzureClients, type AzureClients } from './azure-clients';
import { log } from './log';
import { isKnownAzureEnvironment, type SimulatorSettings } from './settings';

export interface AuthOptions {
  azureEnv: string;
  subscriptionId: string;
  authMethod: string;
  clientId: string;
  clientSecret: string;
  certificatePath: string;
  privateKeyPath: string;
  language: string;
}

/** Resource providers getClient makes sure are registered (armhelpers.RequiredResourceProviders). */
const REQUIRED_PROVIDERS = ['Microsoft.Compute', 'Microsoft.Storage', 'Microsoft.Network'];
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** satori/go.uuid FromString: canonical, braced, urn:uuid: or 32 hex digits; anything else is the zero UUID. */
export function parseUuid(raw: string): string {
  const text = raw.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
  const hex = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    ? text.replace(/-/g, '')
    : /^[0-9a-f]{32}$/i.test(text)
      ? text
      : '';
  if (!hex) return ZERO_UUID;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** authArgs.validateAuthArgs: throws the error aks-engine returns (callers add their own prefix). */
export function validateAuthArgs(o: AuthOptions): { subscriptionId: string; clientId: string } {
  const clientId = parseUuid(o.clientId);
  let subscriptionId = parseUuid(o.subscriptionId);
  if (o.authMethod === 'client_secret') {
    if (clientId === ZERO_UUID || !o.clientSecret)
      throw new Error('--client-id and --client-secret must be specified when --auth-method="client_secret"');
  } else if (o.authMethod === 'client_certificate') {
    if (clientId === ZERO_UUID || !o.certificatePath || !o.privateKeyPath) {
      throw new Error(
        '--client-id and --certificate-path, and --private-key-path must be specified when --auth-method="client_certificate"',
      );
    }
  }
  if (subscriptionId === ZERO_UUID) {
    const fromCli = subscriptionFromAzureCli();
    if (!fromCli || fromCli === ZERO_UUID) throw new Error('--subscription-id is required (and must be a valid UUID)');
    log.info(`No subscription provided, using selected subscription from azure CLI: ${fromCli}`);
    subscriptionId = fromCli;
  }
  if (!isKnownAzureEnvironment(o.azureEnv)) throw new Error('failed to parse --azure-env as a valid target Azure cloud environment');
  return { subscriptionId, clientId };
}

/** getSubFromAzDir: ~/.azure/config names the cloud ([cloud] name, default AzureCloud); clouds.config its subscription. */
function subscriptionFromAzureCli(): string | undefined {
  const dir = path.join(process.env.HOME || homedir(), '.azure');
  const read = (file: string) => {
    try {
      return parseIni(readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const clouds = read('clouds.config');
  const config = read('config');
  if (!clouds || !config) return undefined;
  const cloud = config.cloud?.name || 'AzureCloud';
  const subscription = clouds[cloud]?.subscription;
  return subscription ? parseUuid(subscription) : undefined;
}

function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> = (sections[''] = {});
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) current = sections[section[1]!.trim()] ??= {};
    const pair = /^\s*([^=#;]+?)\s*=\s*(.*?)\s*$/.exec(line);
    if (pair && !section) current[pair[1]!] = pair[2]!;
  }
  return sections;
}

/** authArgs.getClient: signs in (client_secret) and makes sure the RPs aks-engine needs are registered. */
export async function getClient(o: AuthOptions, subscriptionId: string, settings: SimulatorSettings): Promise<AzureClients> {
  if (!['client_secret', 'cli', 'client_certificate', 'device'].includes(o.authMethod)) {
    throw new Error(`--auth-method: ERROR: method unsupported. method=${JSON.stringify(o.authMethod)}`);
  }
  if (o.authMethod === 'client_certificate') {
    for (const file of [o.certificatePath, o.privateKeyPath]) readFileSync(file);
  }
  const principal = o.authMethod === 'client_secret' ? { clientId: o.clientId, clientSecret: o.clientSecret } : undefined;
  const clients = createAzureClients(settings, subscriptionId, o.language, principal);
  const registered = new Map<string, boolean>();
  try {
    for await (const provider of clients.resources.providers.list()) {
      registered.set((provider.namespace ?? '').toLowerCase(), provider.registrationState === 'Registered');
    }
  } catch (error) {
    throw new Error(autorestErrorText('resources.ProvidersClient#List', error), { cause: error });
  }
  for (const provider of REQUIRED_PROVIDERS) {
    const state = registered.get(provider.toLowerCase());
    if (state === undefined) throw new Error(`Unknown resource provider ${JSON.stringify(provider)}`);
    if (state) {
      log.debug(`Already registered for ${JSON.stringify(provider)}`);
      continue;
    }
    log.info(
      `Registering subscription to resource provider. provider=${JSON.stringify(provider)} subscription=${JSON.stringify(subscriptionId)}`,
    );
    try {
      await clients.resources.providers.register(provider);
    } catch (error) {
      throw new Error(autorestErrorText('resources.ProvidersClient#Register', error), { cause: error });
    }
  }
  return clients;
}

/** EnsureResourceGroup: GET (to keep existing tags) then PUT in the location; the error as go-autorest words it. */
export async function ensureResourceGroup(clients: AzureClients, name: string, location: string): Promise<void> {
  let tags: Record<string, string> | undefined;
  try {
    tags = (await clients.resources.resourceGroups.get(name)).tags;
  } catch {
    tags = undefined;
  }
  try {
    await clients.resources.resourceGroups.createOrUpdate(name, { location, ...(tags ? { tags } : {}) });
  } catch (error) {
    throw new Error(autorestErrorText('resources.GroupsClient#CreateOrUpdate', error), { cause: error });
  }
}
