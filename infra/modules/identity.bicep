// The user-assigned managed identity the function app runs as. Every permission of the app is
// granted to this identity: data roles on storage, AcrPull on the registry, the provisioner role on
// the subscription and, out of band, Application.ReadWrite.OwnedBy on Microsoft Graph.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
