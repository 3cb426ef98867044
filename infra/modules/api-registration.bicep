// The API's Microsoft Entra application registration and its service principal (enterprise application),
// declared with the Microsoft Graph Bicep extension (alias in infra/bicepconfig.json). The app validates each
// caller's access token itself: issued by this tenant, for this application (its client id or identifier URI),
// carrying one of the four app roles below in its roles claim. No credential is created for this application:
// the API never signs in as it.
extension microsoftGraphV1

@description('Alternate key of the application in the tenant (immutable, unique in the tenant).')
param uniqueName string

@description('Display name of the application and of its enterprise application.')
param displayName string

@description('Application ID URI that callers ask tokens for (scope <uri>/.default). Unique in the tenant.')
param identifierUri string

// The app roles; their values are the ones src/auth/caller.ts checks. Users, groups and service principals
// (tools) may hold them.
var roles = [
  {
    value: 'Clusters.Read'
    displayName: 'Read clusters'
    description: 'See every cluster: state, specification, operations, logs, public artifacts and who created it. Never a credential.'
  }
  {
    value: 'Clusters.Write'
    displayName: 'Create and change clusters'
    description: 'Create clusters; change, cancel, retry and delete the clusters the caller created.'
  }
  {
    value: 'Clusters.Credentials'
    displayName: 'Get kubeconfigs'
    description: 'Get kubeconfigs minted for the caller (view or admin, short-lived) for the clusters the caller created.'
  }
  {
    value: 'Clusters.Admin'
    displayName: 'Administer all clusters'
    description: 'Everything on every cluster, break-glass kubeconfigs, the etcd client files, the audit trail and quotas.'
  }
]

// One delegated scope, so that a person's token (az account get-access-token) can be issued at all. It grants
// nothing by itself: the app roles in the token decide what the call may do.
var userImpersonationId = guid(uniqueName, 'user_impersonation')

// Azure CLI's well-known public client id, pre-authorized for that scope so that people get a token without a
// consent prompt.
var azureCliAppId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  identifierUris: [
    identifierUri
  ]
  api: {
    // v2.0 access tokens: issuer https://login.microsoftonline.com/<tenant>/v2.0 (the app's default
    // AUTH_ISSUER), audience the client id, and azp naming the calling application.
    requestedAccessTokenVersion: 2
    oauth2PermissionScopes: [
      {
        id: userImpersonationId
        value: 'user_impersonation'
        type: 'User'
        isEnabled: true
        adminConsentDisplayName: 'Call aks-cosmos-provisioner as the signed-in user'
        adminConsentDescription: 'Lets the application call aks-cosmos-provisioner as the signed-in user, within the app roles the user holds.'
        userConsentDisplayName: 'Call aks-cosmos-provisioner as you'
        userConsentDescription: 'Lets the application call aks-cosmos-provisioner as you, within the app roles you hold.'
      }
    ]
    preAuthorizedApplications: [
      {
        appId: azureCliAppId
        delegatedPermissionIds: [
          userImpersonationId
        ]
      }
    ]
  }
  appRoles: [
    for role in roles: {
      id: guid(uniqueName, role.value)
      value: role.value
      displayName: role.displayName
      description: role.description
      allowedMemberTypes: [
        'User'
        'Application'
      ]
      isEnabled: true
    }
  ]
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: application.appId
  // Entra ID issues tokens for this API only to users, groups and service principals that hold one of its app
  // roles; everyone else is refused at sign-in, before the app sees a request.
  appRoleAssignmentRequired: true
}

output appId string = application.appId
output servicePrincipalId string = servicePrincipal.id
output identifierUri string = identifierUri
