// Container registry for the app's image. No admin user, and Basic has no anonymous pull: azd pushes
// with the deploying user's Entra token, and the function app pulls with its managed identity (AcrPull).

param name string
param location string
param tags object

@description('Object id of the managed identity the function app runs as.')
param principalId string

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource acrPullAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, principalId, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = registry.name
output id string = registry.id
output loginServer string = registry.properties.loginServer
