// One HTTPS request with an explicit trust anchor and, optionally, a client certificate (mutual TLS).
import { request } from 'node:https';

export interface TlsRequestOptions {
  /** PEM of the CA that must have signed the server certificate. */
  ca: string;
  /** PEM client certificate and key; leave both out to connect without one. */
  cert?: string;
  key?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TlsResponse {
  status: number;
  contentType: string;
  text: string;
}

export function tlsRequest(url: string, options: TlsRequestOptions): Promise<TlsResponse> {
  // Node chunks neither DELETE nor GET bodies: a body always gets its length.
  const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        headers: { ...length, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
