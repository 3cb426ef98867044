// The Elastic Premium plan and the function app that runs the container image.
//
// Why Elastic Premium: it runs custom Linux containers; it keeps at least one instance warm, so durable
// timers (the deploy step polls ARM every few seconds) fire on time; its function timeout may exceed the
// ~110 minutes a day-2 aks-engine scale or upgrade may take (host.json functionTimeout; executions past
// 60 minutes are not guaranteed, and an interrupted activity runs again and converges); its scale
// controller scales Durable Functions on the Azure Storage provider's queues; and host storage,
// Durable Functions and the registry pull all work with a user-assigned managed identity.
// The app runs without the Azure Files content share (the image holds the code, and Shared Key
// access is off on the storage account), so WEBSITE_CONTENTAZUREFILECONNECTIONSTRING and
// WEBSITE_CONTENTSHARE are deliberately absent.

param planName string
param appName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Full container image reference, e.g. <registry>.azurecr.io/<repository>:<tag>.')
param image string

@description('Storage account of the host, the Durable Functions task hub and the cluster artifacts.')
param storageAccountName string

@description('Blob endpoint of that account, e.g. https://<account>.blob.core.windows.net/.')
param artifactsBlobEndpoint string

param applicationInsightsConnectionString string

@description('Comma-separated regions clusters may be created in.')
param allowedLocations string

@minValue(1)
param maximumInstanceCount int

@description('Client id (appId) of the API\'s Entra ID application: the audience of v2.0 access tokens.')
param apiAppId string

@description('Application ID URI of the API, the other audience a token may name.')
param apiIdentifierUri string

// The port the Functions host listens on inside the image (ASPNETCORE_URLS in the Dockerfile): above
// 1024, because the image runs as an ordinary user.
var containerPort = '8080'

// Where the Dockerfile installs aks-engine.
var aksEnginePath = '/usr/local/bin/aks-engine'

// Every app setting of the function app. The product's own settings are the names that
// src/config/settings.ts reads; the rest belong to the platform (the infrastructure tests keep both
// lists in step).
var appSettings = {
  // Platform: the Functions runtime and its host storage, through the managed identity.
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'node'
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  // Platform: the container. The code is in the image, so no shared /home storage; and the port the
  // host listens on.
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
  WEBSITES_PORT: containerPort
  // Platform: the host refuses larger request bodies before the app reads them (the app's own limit is 64 KiB).
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '131072'
  // The product (src/config/settings.ts).
  AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
  AZURE_CLIENT_ID: identityClientId
  ARTIFACTS_STORAGE_ACCOUNT_URL: artifactsBlobEndpoint
  AKS_ENGINE_PATH: aksEnginePath
  ALLOWED_LOCATIONS: allowedLocations
  // Links in answers (Location, nextLink) come from this origin, never from a request's Host header.
  PUBLIC_BASE_URL: 'https://${appName}.azurewebsites.net'
  // Who may call: Microsoft Entra ID access tokens issued by this tenant for the API's application (the issuer
  // defaults to the tenant's v2.0 endpoint). The HTTP routes are anonymous to the Functions host: the token,
  // validated by the app itself, protects them.
  AUTH_TENANT_ID: tenant().tenantId
  AUTH_AUDIENCE: '${apiAppId},${apiIdentifierUri}'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumInstanceCount
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identityClientId
      minimumElasticInstanceCount: 1
      functionAppScaleLimit: maximumInstanceCount
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
  }
}

// No FTP or SCM basic-auth publishing credentials: azd and the portal use Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output id string = app.id
output url string = 'https://${app.properties.defaultHostName}'
