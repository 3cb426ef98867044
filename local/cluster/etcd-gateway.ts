// etcd's gRPC gateway (JSON over HTTPS, keys and values in base64), so no etcd client package is needed.
import { Agent, request } from 'node:https';

export interface TlsClientMaterial {
  caCertificatePem: string;
  certificatePem: string;
  privateKeyPem: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** etcd refuses transactions with more operations than --max-txn-ops, 128 by default. */
const maxOperationsPerTransaction = 100;

export class EtcdGatewayClient {
  private readonly agent: Agent;

  constructor(
    readonly endpoint: string,
    tls: TlsClientMaterial,
  ) {
    this.agent = new Agent({ ca: tls.caCertificatePem, cert: tls.certificatePem, key: tls.privateKeyPem, keepAlive: true });
  }

  /** True once the member has a leader and serves requests. */
  async healthy(): Promise<boolean> {
    const { status, body } = await this.call('GET', '/health');
    return status === 200 && String((body as { health?: unknown }).health) === 'true';
  }

  /** Writes the pairs in as few transactions as etcd allows. */
  async putAll(pairs: KeyValue[]): Promise<void> {
    for (let start = 0; start < pairs.length; start += maxOperationsPerTransaction) {
      const success = pairs.slice(start, start + maxOperationsPerTransaction).map((pair) => ({
        request_put: { key: base64(pair.key), value: base64(pair.value) },
      }));
      await this.expectOk('/v3/kv/txn', { success });
    }
  }

  async put(key: string, value: string): Promise<void> {
    await this.expectOk('/v3/kv/put', { key: base64(key), value: base64(value) });
  }

  async delete(key: string): Promise<void> {
    await this.expectOk('/v3/kv/deleterange', { key: base64(key) });
  }

  async getPrefix(prefix: string): Promise<KeyValue[]> {
    const body = (await this.expectOk('/v3/kv/range', { key: base64(prefix), range_end: base64(prefixEnd(prefix)) })) as {
      kvs?: Array<{ key: string; value?: string }>;
    };
    return (body.kvs ?? []).map((kv) => ({ key: fromBase64(kv.key), value: fromBase64(kv.value ?? '') }));
  }

  async countPrefix(prefix: string): Promise<number> {
    const body = (await this.expectOk('/v3/kv/range', { key: base64(prefix), range_end: base64(prefixEnd(prefix)), count_only: true })) as {
      count?: string;
    };
    return Number(body.count ?? 0);
  }

  close(): void {
    this.agent.destroy();
  }

  private async expectOk(path: string, payload: object): Promise<unknown> {
    const { status, body } = await this.call('POST', path, payload);
    if (status !== 200) throw new Error(`etcd ${path} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  private call(method: string, path: string, payload?: object): Promise<{ status: number; body: unknown }> {
    const text = payload === undefined ? undefined : JSON.stringify(payload);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.endpoint),
        {
          method,
          agent: this.agent,
          headers: text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let body: unknown = raw;
            try {
              body = JSON.parse(raw);
            } catch {
              // Not JSON (an HTML error page, say): keep the text for the error message.
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error(`etcd ${path} timed out`)));
      req.on('error', reject);
      req.end(text);
    });
  }
}

/** The smallest key after every key with this prefix, as etcdctl's --prefix computes it. */
function prefixEnd(prefix: string): Buffer {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let index = bytes.length - 1; index >= 0; index--) {
    if (bytes[index]! < 0xff) {
      bytes[index]!++;
      return bytes.subarray(0, index + 1);
    }
  }
  // Every byte is 0xff: the range runs to the end of the keyspace.
  return Buffer.from([0]);
}

const base64 = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64');
const fromBase64 = (value: string) => Buffer.from(value, 'base64').toString('utf8');
