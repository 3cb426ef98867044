// A small Kubernetes API client over HTTPS with a kubeconfig's client certificate: JSON in, JSON out.
import https from 'node:https';
import type { Kubeconfig } from './kubeconfig';

export interface KubernetesAnswer {
  status: number;
  body: unknown;
}

export class KubernetesClient {
  readonly server: string;
  private readonly tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };

  constructor(kubeconfig: Kubeconfig) {
    const cluster = kubeconfig.clusters?.[0]?.cluster;
    const user = kubeconfig.users?.[0]?.user;
    if (!cluster?.server) throw new Error('The kubeconfig names no API server.');
    const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64') : undefined);
    this.server = cluster.server;
    this.tls = {
      ca: decode(cluster['certificate-authority-data']),
      cert: decode(user?.['client-certificate-data']),
      key: decode(user?.['client-key-data']),
    };
  }

  request(method: string, path: string, body?: unknown): Promise<KubernetesAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = https.request(
        new URL(path, this.server),
        {
          method,
          ...this.tls,
          timeout: 15_000,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text for the message
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('the API server did not answer within 15 s')));
      request.on('error', reject);
      request.end(payload);
    });
  }
}
