// Where aks-engine v0.32.3 writes its artifacts (pkg/engine/output.go, pkg/helpers/filesaver.go). File names are
// relative to the output directory, `_output/<dnsPrefix>` by default. Directories are made 0700, files 0600.

export const OUTPUT_ROOT = '_output';
export const DIRECTORY_MODE = 0o700;
export const FILE_MODE = 0o600;

export const OUTPUT_FILES = {
  apiModel: 'apimodel.json',
  armTemplate: 'azuredeploy.json',
  armParameters: 'azuredeploy.parameters.json',
  kubeconfigDirectory: 'kubeconfig',
  caCertificate: 'ca.crt',
  caPrivateKey: 'ca.key',
  apiServerCertificate: 'apiserver.crt',
  apiServerPrivateKey: 'apiserver.key',
  clientCertificate: 'client.crt',
  clientPrivateKey: 'client.key',
  kubectlClientCertificate: 'kubectlClient.crt',
  kubectlClientPrivateKey: 'kubectlClient.key',
  etcdServerCertificate: 'etcdserver.crt',
  etcdServerPrivateKey: 'etcdserver.key',
  etcdClientCertificate: 'etcdclient.crt',
  etcdClientPrivateKey: 'etcdclient.key',
} as const;

/** kubeconfig/kubeconfig.<location>.json */
export function kubeconfigFile(location: string): string {
  return `${OUTPUT_FILES.kubeconfigDirectory}/kubeconfig.${location}.json`;
}

export function etcdPeerCertificateFile(index: number): string {
  return `etcdpeer${index}.crt`;
}

export function etcdPeerPrivateKeyFile(index: number): string {
  return `etcdpeer${index}.key`;
}

/** deploy only, when it had to generate the SSH key: `<adminUsername>_rsa`. */
export function sshPrivateKeyFile(adminUsername: string): string {
  return `${adminUsername}_rsa`;
}

/** The default output directory, relative to the working directory (path.Join("_output", dnsPrefix)). */
export function defaultOutputDirectory(dnsPrefix: string): string {
  return dnsPrefix ? `${OUTPUT_ROOT}/${dnsPrefix}` : OUTPUT_ROOT;
}

/** Everything a Kubernetes generate writes when it created the certificates, for a given master count and location. */
export function certificateFiles(masterCount: number): string[] {
  const files: string[] = [
    OUTPUT_FILES.caPrivateKey,
    OUTPUT_FILES.caCertificate,
    OUTPUT_FILES.apiServerPrivateKey,
    OUTPUT_FILES.apiServerCertificate,
    OUTPUT_FILES.clientPrivateKey,
    OUTPUT_FILES.clientCertificate,
    OUTPUT_FILES.kubectlClientPrivateKey,
    OUTPUT_FILES.kubectlClientCertificate,
    OUTPUT_FILES.etcdServerPrivateKey,
    OUTPUT_FILES.etcdServerCertificate,
    OUTPUT_FILES.etcdClientPrivateKey,
    OUTPUT_FILES.etcdClientCertificate,
  ];
  for (let i = 0; i < masterCount; i++) files.push(etcdPeerPrivateKeyFile(i), etcdPeerCertificateFile(i));
  return files;
}
