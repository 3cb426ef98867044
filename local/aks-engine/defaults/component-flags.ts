// The flags of the control plane components (pkg/api/defaults-{controller-manager,cloud-controller-manager,
// apiserver,scheduler}.go at v0.32.3): defaults fill what the user left out, static flags always win.
import type { ContainerService, Properties } from '../apimodel/types';
import { parseSemver } from '../semver';
import { addDefaultFeatureGates } from './feature-gates';
import { targetEnvironment } from './cloud-specs';
import { customCloudName, isAzureCni, isCosmosEtcd, requireRouteTable, version, versionGe } from './properties';

function fill(existing: Record<string, string> | undefined, defaults: Record<string, string>): Record<string, string> {
  if (!existing) return defaults;
  for (const [key, value] of Object.entries(defaults)) if (!(key in existing)) existing[key] = value;
  return existing;
}

export function setControllerManagerConfig(p: Properties): void {
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const v = version(p);
  const statics: Record<string, string> = {
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--allocate-node-cidrs': String(!isAzureCni(p)),
    '--configure-cloud-routes': String(requireRouteTable(p)),
    '--cluster-cidr': k.clusterSubnet ?? '',
    '--root-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--cluster-signing-cert-file': '/etc/kubernetes/certs/ca.crt',
    '--cluster-signing-key-file': '/etc/kubernetes/certs/ca.key',
    '--service-account-private-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--leader-elect': 'true',
    '--v': '2',
    '--controllers': '*,bootstrapsigner,tokencleaner',
  };
  if (p.masterProfile) statics['--cluster-name'] = p.masterProfile.dnsPrefix ?? '';
  if (k.useCloudControllerManager !== true) {
    statics['--cloud-provider'] = 'azure';
    statics['--cloud-config'] = '/etc/kubernetes/azure.json';
  }
  const config = fill(k.controllerManagerConfig, {
    '--node-monitor-grace-period': '40s',
    '--pod-eviction-timeout': '5m0s',
    '--route-reconciliation-period': '10s',
    '--terminated-pod-gc-threshold': '5000',
    '--use-service-account-credentials': 'false',
    '--profiling': 'false',
  });
  k.controllerManagerConfig = config;
  addDefaultFeatureGates(config, v, '1.9.0', 'ServiceNodeExclusion=true');
  addDefaultFeatureGates(config, v, '1.10.0', 'LocalStorageCapacityIsolation=true');
  Object.assign(config, statics);
  if (k.enableRbac === true) config['--use-service-account-credentials'] = 'true';
}

export function setCloudControllerManagerConfig(p: Properties): void {
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const statics: Record<string, string> = {
    '--allocate-node-cidrs': String(!isAzureCni(p)),
    '--configure-cloud-routes': String(requireRouteTable(p)),
    '--cloud-provider': 'azure',
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--cluster-cidr': k.clusterSubnet ?? '',
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--leader-elect': 'true',
    '--v': '2',
  };
  if (p.masterProfile) statics['--cluster-name'] = p.masterProfile.dnsPrefix ?? '';
  k.cloudControllerManagerConfig = fill(k.cloudControllerManagerConfig, { '--route-reconciliation-period': '10s' });
  Object.assign(k.cloudControllerManagerConfig, statics);
}

export function setSchedulerConfig(p: Properties): void {
  const k = p.orchestratorProfile!.kubernetesConfig!;
  k.schedulerConfig = fill(k.schedulerConfig, { '--v': '2', '--profiling': 'false' });
  Object.assign(k.schedulerConfig, { '--kubeconfig': '/var/lib/kubelet/kubeconfig', '--leader-elect': 'true' });
}

export function setApiServerConfig(cs: ContainerService): void {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const statics: Record<string, string> = {
    '--bind-address': '0.0.0.0',
    '--advertise-address': '<advertiseAddr>',
    '--allow-privileged': 'true',
    '--anonymous-auth': 'false',
    '--audit-log-path': '/var/log/kubeaudit/audit.log',
    '--insecure-port': '8080',
    '--secure-port': '443',
    '--service-account-lookup': 'true',
    '--etcd-certfile': '/etc/kubernetes/certs/etcdclient.crt',
    '--etcd-keyfile': '/etc/kubernetes/certs/etcdclient.key',
    '--etcd-servers': 'https://<etcdEndPointUri>:2379',
    '--tls-cert-file': '/etc/kubernetes/certs/apiserver.crt',
    '--tls-private-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--client-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--repair-malformed-updates': 'false',
    '--service-account-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--kubelet-client-certificate': '/etc/kubernetes/certs/client.crt',
    '--kubelet-client-key': '/etc/kubernetes/certs/client.key',
    '--service-cluster-ip-range': k.serviceCidr ?? '',
    '--storage-backend': etcdApiVersion(k.etcdVersion ?? ''),
    '--enable-bootstrap-token-auth': 'true',
    '--v': '4',
  };
  // A local etcd needs the cluster CA; Cosmos DB's etcd endpoint presents a publicly trusted certificate.
  if (!isCosmosEtcd(p)) statics['--etcd-cafile'] = '/etc/kubernetes/certs/ca.crt';
  const defaults: Record<string, string> = {
    '--audit-log-maxage': '30',
    '--audit-log-maxbackup': '10',
    '--audit-log-maxsize': '100',
    '--profiling': 'false',
  };
  if (k.enableDataEncryptionAtRest === true || k.enableEncryptionWithExternalKms === true) {
    statics['--experimental-encryption-provider-config'] = '/etc/kubernetes/encryption-config.yaml';
  }
  if (k.enableAggregatedAPIs) {
    Object.assign(defaults, {
      '--requestheader-client-ca-file': '/etc/kubernetes/certs/proxy-ca.crt',
      '--proxy-client-cert-file': '/etc/kubernetes/certs/proxy.crt',
      '--proxy-client-key-file': '/etc/kubernetes/certs/proxy.key',
      '--requestheader-allowed-names': '',
      '--requestheader-extra-headers-prefix': 'X-Remote-Extra-',
      '--requestheader-group-headers': 'X-Remote-Group',
      '--requestheader-username-headers': 'X-Remote-User',
    });
  }
  if (k.useCloudControllerManager !== true) {
    statics['--cloud-provider'] = 'azure';
    statics['--cloud-config'] = '/etc/kubernetes/azure.json';
  }
  if (p.aadProfile) {
    defaults['--oidc-username-claim'] = 'oid';
    defaults['--oidc-groups-claim'] = 'groups';
    defaults['--oidc-client-id'] = `spn:${p.aadProfile.serverAppID ?? ''}`;
    const china = targetEnvironment(cs.location ?? '', customCloudName(p)) === 'AzureChinaCloud';
    defaults['--oidc-issuer-url'] = `https://${china ? 'sts.chinacloudapi.cn' : 'sts.windows.net'}/${p.aadProfile.tenantID ?? ''}/`;
  }
  if (versionGe(p, '1.8.0')) defaults['--audit-policy-file'] = '/etc/kubernetes/addons/audit-policy.yaml';
  if (k.enableRbac === true) defaults['--authorization-mode'] = versionGe(p, '1.7.0') ? 'Node,RBAC' : 'RBAC';
  const admissionKey = versionGe(p, '1.10.0') ? '--enable-admission-plugins' : '--admission-control';
  let admission = versionGe(p, '1.9.0')
    ? 'NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,' +
      'ValidatingAdmissionWebhook,ResourceQuota,ExtendedResourceToleration'
    : 'NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota';
  if (k.enablePodSecurityPolicy === true) admission += ',PodSecurityPolicy';
  defaults[admissionKey] = admission;

  const config = fill(k.apiServerConfig, defaults);
  k.apiServerConfig = config;
  Object.assign(config, statics);
  if (k.enableSecureKubelet !== true) {
    delete config['--kubelet-client-certificate'];
    delete config['--kubelet-client-key'];
  }
  if (versionGe(p, '1.10.0')) delete config['--admission-control'];
  if (versionGe(p, '1.14.0-alpha.1')) delete config['--repair-malformed-updates'];
}

/** OrchestratorProfile.GetAPIServerEtcdAPIVersion: "etcd" and the etcd major version. */
function etcdApiVersion(etcdVersion: string): string {
  return `etcd${parseSemver(etcdVersion).major}`;
}
