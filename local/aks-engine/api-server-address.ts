// Name resolution for the cluster's API server. aks-engine reaches it at https://<dnsPrefix>.<location>.cloudapp.
// azure.com (the kubeconfig's server) or the --master-FQDN given; that name does not resolve on a local stack, where
// the emulator reports the stand-in cluster's host:port as the deployments' `masterFQDN` output. So a host name
// without a port is looked up there (the newest succeeded deployment of the group that names another host).
import type { AzureClients } from './azure-clients';

const isIp = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

export async function resolveApiServerUrl(url: string, clients: AzureClients, resourceGroup: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.port || isIp(parsed.hostname.replace(/^\[|\]$/g, '')) || parsed.hostname === 'localhost') return url;
  const found: Array<{ at: number; host: string }> = [];
  try {
    for await (const deployment of clients.deployments.deployments.listByResourceGroup(resourceGroup)) {
      const outputs = (deployment.properties?.outputs ?? {}) as Record<string, { value?: unknown }>;
      const host = outputs.masterFQDN?.value;
      if (deployment.properties?.provisioningState !== 'Succeeded' || typeof host !== 'string') continue;
      if (!host || host.toLowerCase() === parsed.hostname.toLowerCase()) continue;
      found.push({ at: new Date(deployment.properties?.timestamp ?? 0).getTime(), host });
    }
  } catch {
    return url;
  }
  const newest = found.sort((a, b) => b.at - a.at)[0];
  return newest ? `${parsed.protocol}//${newest.host}${parsed.pathname === '/' ? '' : parsed.pathname}` : url;
}
