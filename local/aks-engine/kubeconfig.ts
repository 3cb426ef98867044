// The admin kubeconfig (parts/k8s/kubeconfig.json + GenerateKubeConfig): JSON with 4-space indentation, cluster,
// context and current-context all named after the dnsPrefix, user `<dnsPrefix>-admin` with the kubectl client pair.
import { masterFqdn } from './azure-locations';
import type { Properties } from './apimodel/types';

export function generateKubeConfig(properties: Properties, location: string): string {
  const dnsPrefix = properties.masterProfile!.dnsPrefix!;
  const certificates = properties.certificateProfile!;
  const base64 = (pem = '') => Buffer.from(pem).toString('base64');
  const kubeconfig = {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: {
          'certificate-authority-data': base64(certificates.caCertificate),
          server: `https://${masterServer(properties, location)}`,
        },
        name: dnsPrefix,
      },
    ],
    contexts: [{ context: { cluster: dnsPrefix, user: `${dnsPrefix}-admin` }, name: dnsPrefix }],
    'current-context': dnsPrefix,
    kind: 'Config',
    users: [
      {
        name: `${dnsPrefix}-admin`,
        user: {
          'client-certificate-data': base64(certificates.kubeConfigCertificate),
          'client-key-data': base64(certificates.kubeConfigPrivateKey),
        },
      },
    ],
  };
  return JSON.stringify(kubeconfig, null, 4);
}

/** Public clusters use the master FQDN; private clusters the first master IP (or the internal LB with several masters). */
function masterServer(properties: Properties, location: string): string {
  const m = properties.masterProfile!;
  if (properties.orchestratorProfile?.kubernetesConfig?.privateCluster?.enabled === true) {
    const [a, b, c, d] = (m.firstConsecutiveStaticIP ?? '10.240.255.5').split('.').map(Number) as [number, number, number, number];
    return (m.count ?? 1) > 1 ? `${a}.${b}.${c}.${d + 10}` : `${a}.${b}.${c}.${d}`;
  }
  return masterFqdn(m.dnsPrefix!, location);
}
