// What the app may do on the subscription, and nothing more:
//   - read and register the resource providers a cluster needs (Microsoft.DocumentDB for the Cosmos DB
//     etcd API; Compute, Network and Storage for aks-engine's template);
//   - create resource groups (and read them);
//   - read what the preflight of a create asks before anything exists: regional vCPU usage and limits
//     (Microsoft.Compute usages), the VM sizes offered and their restrictions (resource SKUs), whether the
//     master's DNS label is free (Microsoft.Network CheckDnsNameAvailability), whether the Cosmos DB account
//     name is free (a tenant-level name check of Microsoft.DocumentDB), and the app's own permissions on the
//     subscription (Microsoft.Authorization permissions);
//   - create and delete role assignments, but only of Contributor and only for service principals. The
//     condition below is checked by Azure on every roleAssignments/write and /delete. It lets the app give
//     each cluster's service principal Contributor on the cluster's resource group (and take it back on
//     teardown), and give its own managed identity (principal type ServicePrincipal as well) Contributor
//     on a group it created, which is what lets it deploy into that group and delete it. It gets no
//     rights on groups nobody granted it.
// There is no delete of resource groups at subscription scope and no roleDefinitions/write here.
// The condition cannot restrict the scope of an assignment: the app could assign Contributor to a
// service principal anywhere in this subscription. That is the residual risk of this design, far
// narrower than Owner or User Access Administrator, which could grant any role to anyone.
targetScope = 'subscription'

param environmentName string

@description('Object id of the managed identity the function app runs as.')
param principalId string

var contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c'

var assignContributorToServicePrincipalsOnly = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${contributorRoleId}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${contributorRoleId}} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'}))'

resource provisionerRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'aks-cosmos-provisioner', environmentName)
  properties: {
    roleName: 'AKS Cosmos Provisioner (${environmentName})'
    description: 'Registers the resource providers a cluster needs, reads what the preflight checks (quota, VM sizes, name availability, its own permissions), creates resource groups, and assigns (and removes) Contributor for service principals; a condition on the role assignment enforces the last part.'
    type: 'CustomRole'
    assignableScopes: [
      subscription().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Resources/subscriptions/providers/read'
          'Microsoft.DocumentDB/register/action'
          'Microsoft.Compute/register/action'
          'Microsoft.Network/register/action'
          'Microsoft.Storage/register/action'
          'Microsoft.Resources/subscriptions/resourceGroups/read'
          'Microsoft.Resources/subscriptions/resourceGroups/write'
          'Microsoft.Authorization/roleAssignments/read'
          'Microsoft.Authorization/roleAssignments/write'
          'Microsoft.Authorization/roleAssignments/delete'
          // Preflight reads: nothing here changes anything.
          'Microsoft.Compute/locations/usages/read'
          'Microsoft.Compute/skus/read'
          'Microsoft.Network/locations/checkDnsNameAvailability/read'
          'Microsoft.DocumentDB/databaseAccountNames/read'
          'Microsoft.Authorization/permissions/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource provisionerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, provisionerRole.id)
  properties: {
    roleDefinitionId: provisionerRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'aks-cosmos-provisioner (${environmentName}): may assign and remove only Contributor, and only for service principals.'
    conditionVersion: '2.0'
    condition: assignContributorToServicePrincipalsOnly
  }
}

output roleDefinitionId string = provisionerRole.id
output roleAssignmentId string = provisionerAssignment.id
output condition string = assignContributorToServicePrincipalsOnly
