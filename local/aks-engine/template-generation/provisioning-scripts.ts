// The scripts aks-engine embeds in its template as gzip+base64 variables (provision.sh and its sources, the
// health monitor, sshd and systemd settings ...). The simulator's VMs run nothing, so each variable carries a
// short stand-in script with the name of the file it replaces; the variable names are aks-engine's.
import { gzipSync } from 'node:zlib';

const SCRIPTS: Array<[variable: string, file: string]> = [
  ['provisionScript', 'kubernetescustomscript.sh'],
  ['provisionSource', 'kubernetesprovisionsource.sh'],
  ['healthMonitorScript', 'health-monitor.sh'],
  ['provisionInstalls', 'kubernetesinstalls.sh'],
  ['provisionConfigs', 'kubernetesconfigs.sh'],
  ['systemConf', 'system.conf'],
  ['mountetcdScript', 'kubernetes_mountetcd.sh'],
  ['customSearchDomainsScript', 'setup-custom-search-domains.sh'],
  ['sshdConfig', 'sshd_config'],
  ['generateProxyCertsScript', 'kubernetesmastergenerateproxycertscript.sh'],
];

const encode = (file: string) =>
  gzipSync(`#!/bin/bash\n# ${file}: stand-in written by the aks-engine v0.32.3 simulator\n`).toString('base64');

export function provisioningScripts(azureStack: boolean): Record<string, string> {
  const scripts = Object.fromEntries(SCRIPTS.map(([variable, file]) => [variable, encode(file)]));
  if (azureStack) scripts.provisionConfigsCustomCloud = encode('kubernetesconfigscustomcloud.sh');
  return scripts;
}
