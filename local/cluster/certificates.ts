// The certificates `aks-engine generate` writes into _output/<dnsPrefix>/ that the stand-in serves and trusts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CertificateFiles {
  certificatePath: string;
  keyPath: string;
}

export interface ClusterCertificates {
  caCertificatePath: string;
  caCertificatePem: string;
  apiServer: CertificateFiles & { certificatePem: string; privateKeyPem: string };
  etcdServer: CertificateFiles;
  etcdClient: CertificateFiles;
}

export function loadClusterCertificates(outputDir: string): ClusterCertificates {
  const file = (name: string) => {
    const full = path.join(outputDir, name);
    if (!existsSync(full))
      throw new Error(
        `${name} is missing from ${outputDir}; run "aks-engine generate" first (it writes certificates only when the apimodel holds none)`,
      );
    return full;
  };
  const pair = (stem: string): CertificateFiles => ({ certificatePath: file(`${stem}.crt`), keyPath: file(`${stem}.key`) });
  const caCertificatePath = file('ca.crt');
  const apiServer = pair('apiserver');
  return {
    caCertificatePath,
    caCertificatePem: readFileSync(caCertificatePath, 'utf8'),
    apiServer: {
      ...apiServer,
      certificatePem: readFileSync(apiServer.certificatePath, 'utf8'),
      privateKeyPem: readFileSync(apiServer.keyPath, 'utf8'),
    },
    etcdServer: pair('etcdserver'),
    etcdClient: pair('etcdclient'),
  };
}
