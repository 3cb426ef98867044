// azuredeploy.json as aks-engine v0.32.3 generates it for Kubernetes (parts/k8s/kubernetesbase.t): parameters,
// variables, resources (a user-assigned identity first, then each agent pool, then the masters) and outputs, with
// the parameter values the deployment is submitted with.
import type { ContainerService } from '../apimodel/types';
import { isAvailabilitySet, isMasterVmss, pools } from '../defaults/properties';
import { parameterDeclarations, type ParameterDeclaration } from './parameter-declarations';
import { parameterValues, type ParameterValue } from './parameter-values';
import { agentPoolResources } from './resources-agent';
import { api, type Resource } from './resources-common';
import { masterAvailabilitySetResources, masterScaleSetResources } from './resources-master';
import { templateVariables } from './variables';

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, ParameterDeclaration>;
  variables: Record<string, unknown>;
  resources: Resource[];
  outputs: Record<string, { type: string; value: unknown }>;
}

export interface GeneratedTemplate {
  template: ArmTemplate;
  /** The raw parameter map the deployment is submitted with (the parameters file wraps it). */
  parameters: Record<string, ParameterValue>;
}

export { type ParameterValue };

export function generateTemplate(cs: ContainerService): GeneratedTemplate {
  return {
    template: {
      $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: parameterDeclarations(cs),
      variables: templateVariables(cs),
      resources: templateResources(cs),
      outputs: templateOutputs(cs),
    },
    parameters: parameterValues(cs),
  };
}

function templateResources(cs: ContainerService): Resource[] {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const resources: Resource[] = [];
  if (k.useManagedIdentity && k.userAssignedID) {
    resources.push(
      {
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
        name: "[variables('userAssignedID')]",
        apiVersion: api('ManagedIdentity'),
        location: "[variables('location')]",
      },
      {
        apiVersion: "[variables('apiVersionAuthorizationUser')]",
        type: 'Microsoft.Authorization/roleAssignments',
        name: "[guid(concat(variables('userAssignedID'), 'roleAssignment', resourceGroup().id))]",
        properties: {
          roleDefinitionId: "[variables('contributorRoleDefinitionId')]",
          principalId: "[reference(concat('Microsoft.ManagedIdentity/userAssignedIdentities/', variables('userAssignedID'))).principalId]",
          principalType: 'ServicePrincipal',
          scope: '[resourceGroup().id]',
        },
        dependsOn: ["[concat('Microsoft.ManagedIdentity/userAssignedIdentities/', variables('userAssignedID'))]"],
      },
    );
  }
  for (const pool of pools(p)) resources.push(...agentPoolResources(cs, pool));
  resources.push(...(isMasterVmss(p) ? masterScaleSetResources(cs) : masterAvailabilitySetResources(cs)));
  return resources;
}

function templateOutputs(cs: ContainerService): ArmTemplate['outputs'] {
  const p = cs.properties!;
  const outputs: ArmTemplate['outputs'] = {};
  for (const pool of pools(p)) {
    if (isAvailabilitySet(pool) && pool.storageProfile === 'StorageAccount') {
      outputs[`${pool.name}StorageAccountOffset`] = { type: 'int', value: `[variables('${pool.name}StorageAccountOffset')]` };
      outputs[`${pool.name}StorageAccountCount`] = { type: 'int', value: `[variables('${pool.name}StorageAccountsCount')]` };
      outputs[`${pool.name}SubnetName`] = { type: 'string', value: `[variables('${pool.name}SubnetName')]` };
    }
  }
  outputs.masterFQDN = {
    type: 'string',
    value:
      p.orchestratorProfile!.kubernetesConfig!.privateCluster?.enabled === true
        ? ''
        : "[reference(concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))).dnsSettings.fqdn]",
  };
  if (pools(p).some(isAvailabilitySet)) {
    outputs.agentStorageAccountSuffix = { type: 'string', value: "[variables('storageAccountBaseName')]" };
    outputs.agentStorageAccountPrefixes = { type: 'array', value: "[variables('storageAccountPrefixes')]" };
  }
  const variable = (name: string) => ({ type: 'string', value: `[variables('${name}')]` });
  Object.assign(outputs, {
    resourceGroup: variable('resourceGroup'),
    vnetResourceGroup: variable('virtualNetworkResourceGroupName'),
    subnetName: variable('subnetName'),
    securityGroupName: variable('nsgName'),
    virtualNetworkName: variable('virtualNetworkName'),
    routeTableName: variable('routeTableName'),
    primaryAvailabilitySetName: variable('primaryAvailabilitySetName'),
    primaryScaleSetName: variable('primaryScaleSetName'),
  });
  return outputs;
}
