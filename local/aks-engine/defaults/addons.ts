// setAddonsConfig (pkg/api/addons.go at v0.32.3): the default addons, appended when the user did not name them, and
// the defaults filled into every enabled addon (containers by name, then config keys that are missing or empty).
import type { ContainerService, KubernetesAddon, KubernetesContainerSpec } from '../apimodel/types';
import { kubernetesComponents } from './kubernetes-components';
import { cloudSpec, DEFAULT_CNI_CIDR, hasNSeriesSku, isAzureCni, nonMasqueradeCidr, version, versionGe } from './properties';

const resources = (cpuRequests: string, memoryRequests: string, cpuLimits: string, memoryLimits: string) => ({
  cpuRequests,
  memoryRequests,
  cpuLimits,
  memoryLimits,
});

export function defaultAddons(cs: ContainerService): KubernetesAddon[] {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const spec = cloudSpec(cs).kubernetesSpecConfig;
  const images = kubernetesComponents(version(p)) ?? {};
  const image = (base: string, key: string) => base + (images[key] ?? '');
  const addon = (
    name: string,
    enabled: boolean,
    containers: KubernetesContainerSpec[],
    config?: Record<string, string>,
  ): KubernetesAddon => ({
    name,
    enabled,
    containers,
    ...(config ? { config } : {}),
  });
  const atLeast18 = versionGe(p, '1.8.0');
  return [
    addon('heapster', true, [
      { name: 'heapster', image: image(spec.kubernetesImageBase, 'heapster') },
      { name: 'heapster-nanny', image: image(spec.kubernetesImageBase, 'addonresizer') },
    ]),
    addon(
      'tiller',
      true,
      [{ name: 'tiller', ...resources('50m', '150Mi', '50m', '150Mi'), image: image(spec.tillerImageBase, 'tiller') }],
      {
        'max-history': '0',
      },
    ),
    addon(
      'aci-connector',
      false,
      [{ name: 'aci-connector', ...resources('50m', '150Mi', '50m', '150Mi'), image: image(spec.aciConnectorImageBase, 'aci-connector') }],
      { region: 'westus', nodeName: 'aci-connector', os: 'Linux', taint: 'azure.com/aci' },
    ),
    addon(
      'cluster-autoscaler',
      false,
      [
        {
          name: 'cluster-autoscaler',
          ...resources('100m', '300Mi', '100m', '300Mi'),
          image: image(spec.kubernetesImageBase, 'cluster-autoscaler'),
        },
      ],
      { 'min-nodes': '1', 'max-nodes': '5', 'scan-interval': '10s' },
    ),
    addon('blobfuse-flexvolume', atLeast18, [
      {
        name: 'blobfuse-flexvolume',
        ...resources('50m', '10Mi', '50m', '10Mi'),
        image: 'mcr.microsoft.com/k8s/flexvolume/blobfuse-flexvolume:1.0.8',
      },
    ]),
    addon('smb-flexvolume', false, [
      {
        name: 'smb-flexvolume',
        ...resources('50m', '10Mi', '50m', '10Mi'),
        image: 'mcr.microsoft.com/k8s/flexvolume/smb-flexvolume:1.0.2',
      },
    ]),
    addon('keyvault-flexvolume', true, [
      {
        name: 'keyvault-flexvolume',
        ...resources('50m', '10Mi', '50m', '10Mi'),
        image: 'mcr.microsoft.com/k8s/flexvolume/keyvault-flexvolume:v0.0.7',
      },
    ]),
    addon('kubernetes-dashboard', true, [
      {
        name: 'kubernetes-dashboard',
        ...resources('300m', '150Mi', '300m', '150Mi'),
        image: image(spec.kubernetesImageBase, 'kubernetes-dashboard'),
      },
    ]),
    addon('rescheduler', false, [
      { name: 'rescheduler', ...resources('10m', '100Mi', '10m', '100Mi'), image: image(spec.kubernetesImageBase, 'rescheduler') },
    ]),
    addon('metrics-server', versionGe(p, '1.9.0'), [{ name: 'metrics-server', image: image(spec.kubernetesImageBase, 'metrics-server') }]),
    addon('nvidia-device-plugin', hasNSeriesSku(p) && versionGe(p, '1.10.0'), [
      {
        name: 'nvidia-device-plugin',
        ...resources('50m', '10Mi', '50m', '10Mi'),
        image: image(spec.nvidiaImageBase, 'nvidia-device-plugin'),
      },
    ]),
    addon(
      'container-monitoring',
      false,
      [{ name: 'omsagent', ...resources('50m', '200Mi', '150m', '750Mi'), image: 'microsoft/oms:ciprod01092019' }],
      { omsAgentVersion: '1.8.1.256', dockerProviderVersion: '3.0.0-3' },
    ),
    addon('azure-cni-networkmonitor', isAzureCni(p), [
      { name: 'azure-cni-networkmonitor', image: image(spec.azureCNIImageBase, 'azure-cni-networkmonitor') },
    ]),
    addon('azure-npm-daemonset', k.networkPlugin === 'azure' && k.networkPolicy === 'azure', [{ name: 'azure-npm-daemonset' }]),
    addon(
      'ip-masq-agent',
      true,
      [
        {
          name: 'ip-masq-agent',
          ...resources('50m', '50Mi', '50m', '250Mi'),
          image: `${spec.kubernetesImageBase}ip-masq-agent-amd64:v2.0.0`,
        },
      ],
      { 'non-masquerade-cidr': nonMasqueradeCidr(p), 'non-masq-cni-cidr': isAzureCni(p) ? DEFAULT_CNI_CIDR : '' },
    ),
    addon('dns-autoscaler', false, [
      {
        name: 'dns-autoscaler',
        image: `${spec.kubernetesImageBase}cluster-proportional-autoscaler-amd64:1.1.1`,
        cpuRequests: '20m',
        memoryRequests: '10Mi',
      },
    ]),
  ];
}

export function setAddonsConfig(cs: ContainerService): void {
  const k = cs.properties!.orchestratorProfile!.kubernetesConfig!;
  const defaults = defaultAddons(cs);
  if (!k.addons) k.addons = defaults;
  else for (const addon of defaults) if (!k.addons.some((given) => given.name === addon.name)) k.addons.push(addon);
  for (const defaults_ of defaults) {
    const index = k.addons.findIndex((given) => given.name === defaults_.name);
    if (index >= 0 && k.addons[index]!.enabled === true) k.addons[index] = withDefaults(k.addons[index]!, defaults_);
  }
}

/** assignDefaultAddonVals: zero-valued fields take the default's. */
function withDefaults(addon: KubernetesAddon, defaults: KubernetesAddon): KubernetesAddon {
  addon.enabled ??= defaults.enabled;
  for (const container of defaults.containers ?? []) {
    const own = (addon.containers ?? []).find((candidate) => candidate.name === container.name);
    if (!own) {
      (addon.containers ??= []).push({ ...container });
      continue;
    }
    own.image ||= container.image;
    own.cpuRequests ||= container.cpuRequests;
    own.memoryRequests ||= container.memoryRequests;
    own.cpuLimits ||= container.cpuLimits;
    own.memoryLimits ||= container.memoryLimits;
  }
  for (const [key, value] of Object.entries(defaults.config ?? {})) {
    addon.config ??= {};
    if (!addon.config[key]) addon.config[key] = value;
  }
  return addon;
}
