// What the local tenant knows: the provisioning API registered as an Entra application (client id, identifier
// URI, app roles), the preconfigured local callers of that API, and the Microsoft resources tokens are asked for
// (ARM, Graph, Storage). Ids are fixed so that tests and docs can name them; client secrets are made per start.
import { randomBytes } from 'node:crypto';

export const APP_ROLES = ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials', 'Clusters.Admin'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export interface AppRoleDefinition {
  id: string;
  value: AppRole;
  displayName: string;
  description: string;
  allowedMemberTypes: Array<'Application' | 'User'>;
  isEnabled: true;
}

/** The provisioning API as an Entra application: what AUTH_AUDIENCE names. */
export const PROVISIONING_API = {
  clientId: '36242928-5cd6-4f23-97e5-c9d8912006fd',
  /** Object id of its service principal in the tenant. */
  objectId: 'c73a971b-dab3-45e0-8fd4-21c973fc6935',
  identifierUri: 'api://aks-cosmos-provisioner',
  displayName: 'aks-cosmos-provisioner API',
  appRoles: [
    role('a30b03f7-9046-4d30-a614-fb5b8ae5b7b7', 'Clusters.Read', 'Read clusters', 'List and read clusters, their steps and operations.'),
    role('18f5fa9b-12c0-4b68-903b-c4ada442793c', 'Clusters.Write', 'Write clusters', 'Create, delete, cancel and retry own clusters.'),
    role('1ac2d518-9782-4be0-a4a9-b1a538094dec', 'Clusters.Credentials', 'Get credentials', 'Get kubeconfigs for own clusters.'),
    role('d81f1c3c-6ed0-4fb0-b2a1-ee299c2e1f08', 'Clusters.Admin', 'Administer clusters', 'Act on every cluster; read the audit trail.'),
  ] satisfies AppRoleDefinition[],
} as const;

function role(id: string, value: AppRole, displayName: string, description: string): AppRoleDefinition {
  return { id, value, displayName, description, allowedMemberTypes: ['Application', 'User'], isEnabled: true };
}

export const LOCAL_CLIENT_NAMES = ['viewer', 'operator', 'operator2', 'admin', 'noroles'] as const;
export type LocalClientName = (typeof LOCAL_CLIENT_NAMES)[number];

/** A preconfigured caller of the provisioning API (an application with a client secret). */
export interface LocalClient {
  name: LocalClientName;
  /** Application (client) id: the token's azp. */
  clientId: string;
  secret: string;
  /** Object id of its service principal: the token's oid and sub. */
  objectId: string;
  displayName: string;
  roles: AppRole[];
}

const clientDefinitions: Record<LocalClientName, Omit<LocalClient, 'name' | 'secret'>> = {
  viewer: {
    clientId: 'be57e945-7246-4980-8750-3444927e2e9c',
    objectId: 'c1afb678-2ac6-46df-beb1-c3cf94884b28',
    displayName: 'local-viewer',
    roles: ['Clusters.Read'],
  },
  operator: {
    clientId: '5bb7a3b2-20ee-47f9-8227-90c326caf9bd',
    objectId: '88f4194b-8181-42c7-8fc5-0b9dccdf1444',
    displayName: 'local-operator',
    roles: ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials'],
  },
  operator2: {
    clientId: '7750ec72-64c4-470c-ba9a-385259694b07',
    objectId: 'c5cac035-fdcc-4f48-9c2a-bedaed3d192d',
    displayName: 'local-operator2',
    roles: ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials'],
  },
  admin: {
    clientId: '642cc767-5477-495c-bc10-d80391cbad41',
    objectId: 'd59d0422-5173-440b-8c82-bf608a8cd027',
    displayName: 'local-admin',
    roles: ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials', 'Clusters.Admin'],
  },
  noroles: {
    clientId: 'eb89adef-beb2-4ff9-82c9-6d13a2d47c11',
    objectId: 'cf2a0930-57a8-4ba7-a0ea-6c7e60a1bd50',
    displayName: 'local-noroles',
    roles: [],
  },
};

/** A client secret shaped like Entra's: 40 characters, a "Q~" marker after the three-character hint. */
export function newClientSecret(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.~-';
  const chars = [...randomBytes(37)].map((byte) => alphabet[byte % alphabet.length]!);
  return `${chars.slice(0, 3).join('')}8Q~${chars.slice(3).join('')}`;
}

/** The preconfigured clients with fresh secrets (or the given ones). */
export function createLocalClients(secrets: Partial<Record<LocalClientName, string>> = {}): Record<LocalClientName, LocalClient> {
  const entries = LOCAL_CLIENT_NAMES.map((name) => [
    name,
    { name, ...clientDefinitions[name], roles: [...clientDefinitions[name].roles], secret: secrets[name] ?? newClientSecret() },
  ]);
  return Object.fromEntries(entries) as Record<LocalClientName, LocalClient>;
}

/** An application tokens can be issued for. */
export interface ResourceApplication {
  appId: string;
  displayName: string;
  /** Identifier URIs besides the appId, as clients name them in `resource` or before `/.default`. */
  identifierUris: string[];
  /** Entra shapes the token by the resource: v2 for the API (accessTokenAcceptedVersion 2), v1 for Microsoft's. */
  tokenVersion: '1.0' | '2.0';
}

export const MICROSOFT_RESOURCES: ResourceApplication[] = [
  {
    appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    displayName: 'Windows Azure Service Management API',
    identifierUris: [
      'https://management.azure.com',
      'https://management.azure.com/',
      'https://management.core.windows.net',
      'https://management.core.windows.net/',
    ],
    tokenVersion: '1.0',
  },
  {
    appId: '00000003-0000-0000-c000-000000000000',
    displayName: 'Microsoft Graph',
    identifierUris: ['https://graph.microsoft.com', 'https://graph.microsoft.com/'],
    tokenVersion: '1.0',
  },
  {
    appId: 'e406a681-f3d4-42a8-90b6-c2b029497af1',
    displayName: 'Azure Storage',
    identifierUris: ['https://storage.azure.com', 'https://storage.azure.com/'],
    tokenVersion: '1.0',
  },
  {
    // Azure AD Graph, which aks-engine v0.32.3 signs in to for its service principal work.
    appId: '00000002-0000-0000-c000-000000000000',
    displayName: 'Windows Azure Active Directory',
    identifierUris: ['https://graph.windows.net', 'https://graph.windows.net/'],
    tokenVersion: '1.0',
  },
];

export const PROVISIONING_API_RESOURCE: ResourceApplication = {
  appId: PROVISIONING_API.clientId,
  displayName: PROVISIONING_API.displayName,
  identifierUris: [PROVISIONING_API.identifierUri],
  tokenVersion: '2.0',
};

/** A resource as a request named it: the application, and the audience its tokens carry. */
export interface ResolvedResource {
  application: ResourceApplication;
  /** v2: the application id; v1: the identifier exactly as requested. */
  audience: string;
}

export function resolveResource(applications: ResourceApplication[], requested: string): ResolvedResource | undefined {
  const wanted = requested.toLowerCase();
  for (const application of applications) {
    const names = [application.appId, ...application.identifierUris].map((name) => name.toLowerCase());
    if (!names.includes(wanted)) continue;
    return { application, audience: application.tokenVersion === '2.0' ? application.appId : requested };
  }
  return undefined;
}
