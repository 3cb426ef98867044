// Applications and service principals as Microsoft Graph v1.0 returns them by default: every property its
// metadata declares (except streams such as logo), in the metadata's order, with Graph's empty values, and never
// a secret (password credentials show secretText null; the stored secret hash is dropped).
import { SECRET_HASH } from './client-secrets';
import { odataContext } from './odata';

const informationalUrl = () => ({
  logoUrl: null,
  marketingUrl: null,
  privacyStatementUrl: null,
  supportUrl: null,
  termsOfServiceUrl: null,
});
const verifiedPublisher = () => ({ displayName: null, verifiedPublisherId: null, addedDateTime: null });

/** application's properties with the values Graph gives a new application. */
export function applicationDefaults(): Record<string, unknown> {
  return {
    id: null,
    deletedDateTime: null,
    appId: null,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: null,
    displayName: null,
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    oauth2RequirePostResponse: false,
    publisherDomain: null,
    serviceManagementReference: null,
    // Graph's default when a create does not say (its create example shows it).
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    tags: [],
    tokenEncryptionKeyId: null,
    samlMetadataUrl: null,
    defaultRedirectUri: null,
    certification: null,
    optionalClaims: null,
    requestSignatureVerification: null,
    servicePrincipalLockConfiguration: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: informationalUrl(),
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: verifiedPublisher(),
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: [],
    },
    spa: { redirectUris: [] },
  };
}

/** Properties a create request may set; the rest are Graph's to fill in. */
export const WRITABLE_APPLICATION_PROPERTIES = [
  'displayName',
  'description',
  'groupMembershipClaims',
  'identifierUris',
  'isDeviceOnlyAuthSupported',
  'isFallbackPublicClient',
  'notes',
  'serviceManagementReference',
  'signInAudience',
  'tags',
  'optionalClaims',
  'api',
  'appRoles',
  'info',
  'parentalControlSettings',
  'publicClient',
  'requiredResourceAccess',
  'web',
  'spa',
];

/** servicePrincipal's properties with the values Graph gives a new one. */
export function servicePrincipalDefaults(): Record<string, unknown> {
  return {
    id: null,
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDisplayName: null,
    appDescription: null,
    appId: null,
    applicationTemplateId: null,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: false,
    createdDateTime: null,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: null,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: [],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    addIns: [],
    appRoles: [],
    info: informationalUrl(),
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: verifiedPublisher(),
  };
}

/** Defaults first (Graph's order), then what is stored; undeclared stored fields are kept after them. */
function withDefaults(defaults: Record<string, unknown>, object: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(defaults)) view[name] = name in object ? object[name] : value;
  for (const [name, value] of Object.entries(object)) if (!(name in view)) view[name] = value;
  return view;
}

function passwordView(credential: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...credential, secretText: null };
  delete view[SECRET_HASH];
  return view;
}

function withoutSecrets(object: Record<string, unknown>): Record<string, unknown> {
  const credentials = Array.isArray(object.passwordCredentials) ? (object.passwordCredentials as Array<Record<string, unknown>>) : [];
  return { ...object, passwordCredentials: credentials.map(passwordView) };
}

export function applicationView(object: Record<string, unknown>, origin: string, withContext = true): Record<string, unknown> {
  const view = withDefaults(applicationDefaults(), withoutSecrets(object));
  return withContext ? { '@odata.context': odataContext(origin, 'applications/$entity'), ...view } : view;
}

export function servicePrincipalView(object: Record<string, unknown>, origin: string, withContext = true): Record<string, unknown> {
  const view = withDefaults(servicePrincipalDefaults(), withoutSecrets(object));
  return withContext ? { '@odata.context': odataContext(origin, 'servicePrincipals/$entity'), ...view } : view;
}

/** The Location Graph answers a create with: https://graph.microsoft.com/v2/{tenant}/directoryObjects/{id}/Microsoft.DirectoryServices.{Type}. */
export function directoryObjectLocation(origin: string, tenantId: string, id: string, type: 'Application' | 'ServicePrincipal'): string {
  return `${origin}/graph/v2/${tenantId}/directoryObjects/${id}/Microsoft.DirectoryServices.${type}`;
}
