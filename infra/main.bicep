// Everything aks-cosmos-provisioner needs in one subscription, laid out for `azd up`:
// a resource group with the function app (Elastic Premium, custom container), its user-assigned
// identity, storage, container registry and monitoring; on the subscription, the narrow custom role
// that lets the app register providers, create resource groups and hand out Contributor on them; and,
// in the Microsoft Entra tenant, the API's application registration whose app roles callers hold.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Region of the app itself (not of the clusters it creates).')
param location string

@description('Container image the function app runs. azd fills it in after the first deploy (SERVICE_API_IMAGE_NAME); empty means "not built yet".')
param apiImageName string = ''

@description('Comma-separated regions clusters may be created in. The Cosmos DB etcd API preview exists only in centralus.')
param allowedLocations string = 'centralus'

@minValue(1)
@maxValue(20)
@description('Most instances the Elastic Premium plan may scale out to. Every instance is billed while it runs.')
param maximumInstanceCount int = 3

@description('Daily ingestion cap of the Log Analytics workspace in GB (-1 for none). Bounds the monitoring bill.')
param logDailyQuotaGb int = 1

@description('Application ID URI of the API: callers ask Microsoft Entra ID for tokens with scope <uri>/.default. It must be unique in the tenant, so a second environment in the same tenant needs its own (e.g. api://aks-cosmos-provisioner-staging).')
param apiIdentifierUri string = 'api://aks-cosmos-provisioner'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    dailyQuotaGb: logDailyQuotaGb
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

// The API's Entra ID application registration: its app roles, identifier URI and service principal.
module apiRegistration 'modules/api-registration.bicep' = {
  name: 'api-registration'
  scope: rg
  params: {
    uniqueName: 'aks-cosmos-provisioner-${resourceToken}'
    displayName: 'aks-cosmos-provisioner (${environmentName})'
    identifierUri: apiIdentifierUri
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    appName: 'func-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    image: empty(apiImageName) ? '${registry.outputs.loginServer}/aks-cosmos-provisioner/api:not-deployed-yet' : apiImageName
    storageAccountName: storage.outputs.name
    artifactsBlobEndpoint: storage.outputs.blobEndpoint
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    allowedLocations: allowedLocations
    maximumInstanceCount: maximumInstanceCount
    apiAppId: apiRegistration.outputs.appId
    apiIdentifierUri: apiIdentifierUri
  }
}

// Subscription-scope deployments are tied to one location: one name per environment.
module provisionerRole 'modules/provisioner-role.bicep' = {
  name: 'provisioner-role-${environmentName}'
  params: {
    environmentName: environmentName
    principalId: identity.outputs.principalId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_SUBSCRIPTION_ID string = subscription().subscriptionId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output ARTIFACTS_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output PROVISIONER_ROLE_DEFINITION_ID string = provisionerRole.outputs.roleDefinitionId
output PROVISIONER_ROLE_ASSIGNMENT_ID string = provisionerRole.outputs.roleAssignmentId
output API_APP_ID string = apiRegistration.outputs.appId
output API_IDENTIFIER_URI string = apiRegistration.outputs.identifierUri
output API_SERVICE_PRINCIPAL_ID string = apiRegistration.outputs.servicePrincipalId
