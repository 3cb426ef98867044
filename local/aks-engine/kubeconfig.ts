// The admin kubeconfig (GenerateKubeConfig, parts/k8s/kubeconfig.json): JSON with 4-space indentation, cluster,
// context and current-context named after the dnsPrefix, user `<dnsPrefix>-admin` with the kubectl client pair, or
// with AAD an `azure` auth-provider. The server is the master FQDN, or a master IP for private clusters.
import type { Properties } from './apimodel/types';
import { CLOUD_SPECS, targetEnvironment } from './defaults/cloud-specs';
import { customCloudName } from './defaults/properties';

export function generateKubeConfig(properties: Properties, location: string): string {
  const dnsPrefix = properties.masterProfile!.dnsPrefix!;
  const certificates = properties.certificateProfile!;
  const base64 = (pem = '') => Buffer.from(pem).toString('base64');
  const aad = properties.aadProfile;
  // The template's {{authInfo}} is one compact line, filled in as text (no JSON escaping), as aks-engine does.
  const authInfo = aad
    ? `{"auth-provider":{"name":"azure","config":{"environment":"${targetEnvironment(location, customCloudName(properties))}",` +
      `"tenant-id":"${aad.tenantID || 'common'}","apiserver-id":"${aad.serverAppID ?? ''}","client-id":"${aad.clientAppID ?? ''}"}}}`
    : `{"client-certificate-data":"${base64(certificates.kubeConfigCertificate)}",` +
      `"client-key-data":"${base64(certificates.kubeConfigPrivateKey)}"}`;
  // The template file is indented by four spaces, its first line included.
  return [
    '{',
    '    "apiVersion": "v1",',
    '    "clusters": [',
    '        {',
    '            "cluster": {',
    `                "certificate-authority-data": "${base64(certificates.caCertificate)}",`,
    `                "server": "https://${masterServer(properties, location)}"`,
    '            },',
    `            "name": "${dnsPrefix}"`,
    '        }',
    '    ],',
    '    "contexts": [',
    '        {',
    '            "context": {',
    `                "cluster": "${dnsPrefix}",`,
    `                "user": "${dnsPrefix}-admin"`,
    '            },',
    `            "name": "${dnsPrefix}"`,
    '        }',
    '    ],',
    `    "current-context": "${dnsPrefix}",`,
    '    "kind": "Config",',
    '    "users": [',
    '        {',
    `            "name": "${dnsPrefix}-admin",`,
    `            "user": ${authInfo}`,
    '        }',
    '    ]',
    '}',
  ]
    .map((line) => `    ${line}\n`)
    .join('');
}

/** Public clusters use the master FQDN; private clusters the first master IP (or the internal LB with several masters). */
function masterServer(properties: Properties, location: string): string {
  const m = properties.masterProfile!;
  if (properties.orchestratorProfile?.kubernetesConfig?.privateCluster?.enabled === true) {
    const [a, b, c, d] = (m.firstConsecutiveStaticIP ?? '10.240.255.5').split('.').map(Number) as [number, number, number, number];
    return (m.count ?? 1) > 1 ? `${a}.${b}.${c}.${(d + 10) & 0xff}` : `${a}.${b}.${c}.${d}`;
  }
  return masterFqdnFor(properties, location);
}

/** FormatProdFQDNByLocation: `<dnsPrefix>.<location>.<the cloud's VM DNS suffix>`, dnsPrefix case kept. */
export function masterFqdnFor(properties: Properties, location: string): string {
  const env = targetEnvironment(location, customCloudName(properties));
  const suffix =
    env === 'AzureStackCloud'
      ? (properties.customCloudProfile?.environment?.resourceManagerVMDNSSuffix ?? '')
      : CLOUD_SPECS[env]!.endpointConfig.resourceManagerVMDNSSuffix;
  return `${properties.masterProfile!.dnsPrefix}.${location}.${suffix}`;
}
