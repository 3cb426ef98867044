// What other code (the stand-in cluster, the product's tests) may use from the aks-engine simulator: where the
// generated files are, the names and endpoints aks-engine derives, and the PKI generator itself.
import path from 'node:path';

export {
  OUTPUT_ROOT,
  OUTPUT_FILES,
  DIRECTORY_MODE,
  FILE_MODE,
  kubeconfigFile,
  etcdPeerCertificateFile,
  etcdPeerPrivateKeyFile,
  sshPrivateKeyFile,
  defaultOutputDirectory,
  certificateFiles,
} from './output-layout';
export { cosmosAccountName, cosmosEtcdHost, clusterId, ETCD_CLIENT_PORT } from './apimodel/defaults';
export { masterFqdn, AZURE_LOCATIONS } from './azure-locations';
export {
  createCertificateAuthority,
  createClusterPki,
  CERTIFICATE_VALIDITY_MS,
  DEFAULT_PKI_KEY_BITS,
  type ClusterPki,
  type KeyCertPair,
} from './pki';
export {
  KUBERNETES_VERSIONS,
  KUBERNETES_WINDOWS_VERSIONS,
  KUBERNETES_DEFAULT_RELEASE,
  supportedKubernetesVersions,
  defaultKubernetesVersion,
  kubernetesUpgradeVersions,
  kubernetesVersionProfiles,
  type KubernetesVersionProfile,
} from './kubernetes-versions';
export { VERSION as AKS_ENGINE_VERSION } from './commands';

/** The simulator's executable (a sh script running the compiled cli.js with the project's Node). */
export const AKS_ENGINE_EXECUTABLE = path.resolve(__dirname, '..', '..', '..', 'local', 'aks-engine', 'bin', 'aks-engine');
