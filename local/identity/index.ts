// A local Microsoft Entra ID for the local stack: OIDC discovery, JWKS with rotation, the client-credentials
// token endpoints, the managed identity endpoint, and in-process token minting for tests (see README.md).
export {
  startLocalIdentity,
  LOCAL_TENANT_ID,
  type IssueTokenOptions,
  type LocalIdentity,
  type LocalIdentityOptions,
} from './local-identity';
export {
  APP_ROLES,
  LOCAL_CLIENT_NAMES,
  MICROSOFT_RESOURCES,
  PROVISIONING_API,
  type AppRole,
  type AppRoleDefinition,
  type LocalClient,
  type LocalClientName,
  type ResourceApplication,
} from './directory';
export { tokenCurlCommand } from './curl-examples';
export type { TokenOverrides, TokenSubject } from './access-tokens';
export type { ClientSecretCheck, ClientSecretVerifier } from './token-endpoint';
export type { JsonWebKeySet, PublishedKey } from './signing-keys';
