// The one storage account of the app: the Functions host's own state (AzureWebJobsStorage, host keys),
// the Durable Functions task hub (Azure Storage provider: blobs, queues, tables) and the app's private
// blob containers: cluster records, cluster artifacts, minted kubeconfigs and the audit trail. Shared Key
// access is off, so every caller authenticates with Entra ID and credential links are user delegation SAS.

param name string
param location string
param tags object

@description('Object id of the managed identity the function app runs as.')
param principalId string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
// Storage Blob Data Owner covers artifacts, the host's blobs, the task hub's blobs and leases, and the
// user delegation key behind credential links.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Durable Functions' Azure Storage provider keeps its control and work-item queues here...
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// ...and its instance and history tables here.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var dataRoles = [
  storageBlobDataOwner
  storageQueueDataContributor
  storageTableDataContributor
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

// The app's containers (src/azure/blob-storage.ts; the app also creates them if missing). Declared here so
// that they exist, private, from the first deployment, and an immutability policy can be put on the audit
// trail before the first entry is written (see docs/deploy-to-azure.md).
var appContainers = [
  'cluster-records'
  'cluster-artifacts'
  'issued-credentials'
  'audit-trail'
]

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in appContainers: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: {
    name: guid(account.id, principalId, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output blobServiceName string = blobService.name
