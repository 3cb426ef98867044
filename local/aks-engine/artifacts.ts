// ArtifactWriter.WriteTLSArtifacts and FileSaver: apimodel.json, azuredeploy.json and its parameters, then (only
// when certificates were generated in this run) the kubeconfig(s) and every certificate and key.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AZURE_LOCATIONS } from './azure-locations';
import type { ContainerService } from './apimodel/types';
import { generateKubeConfig } from './kubeconfig';
import { log } from './log';
import { DIRECTORY_MODE, FILE_MODE, OUTPUT_FILES, etcdPeerCertificateFile, etcdPeerPrivateKeyFile, kubeconfigFile } from './output-layout';

export interface Artifacts {
  apiModelJson: string;
  template: string;
  parameters: string;
}

/** FileSaver.SaveFile: MkdirAll(dir, 0700) then WriteFile(file, 0600); like Go, modes apply to new files and dirs only. */
export function saveFile(directory: string, name: string, contents: string): void {
  const target = path.join(directory, name);
  mkdirSync(path.dirname(target), { recursive: true, mode: DIRECTORY_MODE });
  writeFileSync(target, contents, { mode: FILE_MODE });
  log.debug(`output: wrote ${target}`);
}

export function writeArtifacts(
  model: ContainerService,
  artifacts: Artifacts,
  directory: string,
  certsGenerated: boolean,
  parametersOnly: boolean,
): void {
  if (!parametersOnly) {
    saveFile(directory, OUTPUT_FILES.apiModel, artifacts.apiModelJson);
    saveFile(directory, OUTPUT_FILES.armTemplate, artifacts.template);
  }
  saveFile(directory, OUTPUT_FILES.armParameters, artifacts.parameters);
  if (!certsGenerated) return;

  const p = model.properties!;
  const locations = model.location ? [model.location] : [...new Set(AZURE_LOCATIONS)];
  for (const location of locations) saveFile(directory, kubeconfigFile(location), generateKubeConfig(p, location));

  const c = p.certificateProfile!;
  const files: Array<[string, string | undefined]> = [
    [OUTPUT_FILES.caPrivateKey, c.caPrivateKey],
    [OUTPUT_FILES.caCertificate, c.caCertificate],
    [OUTPUT_FILES.apiServerPrivateKey, c.apiServerPrivateKey],
    [OUTPUT_FILES.apiServerCertificate, c.apiServerCertificate],
    [OUTPUT_FILES.clientPrivateKey, c.clientPrivateKey],
    [OUTPUT_FILES.clientCertificate, c.clientCertificate],
    [OUTPUT_FILES.kubectlClientPrivateKey, c.kubeConfigPrivateKey],
    [OUTPUT_FILES.kubectlClientCertificate, c.kubeConfigCertificate],
    [OUTPUT_FILES.etcdServerPrivateKey, c.etcdServerPrivateKey],
    [OUTPUT_FILES.etcdServerCertificate, c.etcdServerCertificate],
    [OUTPUT_FILES.etcdClientPrivateKey, c.etcdClientPrivateKey],
    [OUTPUT_FILES.etcdClientCertificate, c.etcdClientCertificate],
  ];
  (c.etcdPeerCertificates ?? []).forEach((certificate, i) => {
    files.push([etcdPeerPrivateKeyFile(i), c.etcdPeerPrivateKeys?.[i]], [etcdPeerCertificateFile(i), certificate]);
  });
  for (const [name, contents] of files) saveFile(directory, name, contents ?? '');
}
