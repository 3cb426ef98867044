// The kubeconfig shape aks-engine writes (JSON) and the product hands out: one cluster, one user, one context.

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Array<{ name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  users?: Array<{ name?: string; user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }>;
  contexts?: Array<{ name?: string; context?: { cluster?: string; user?: string } }>;
  'current-context'?: string;
}

/** A kubeconfig for one cluster and one client certificate. */
export function clientKubeconfig(
  cluster: string,
  server: string,
  caData: string,
  userName: string,
  certificatePem: string,
  keyPem: string,
): Kubeconfig {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': caData } }],
    users: [{ name: userName, user: { 'client-certificate-data': base64(certificatePem), 'client-key-data': base64(keyPem) } }],
    contexts: [{ name: cluster, context: { cluster, user: userName } }],
    'current-context': cluster,
  };
}
