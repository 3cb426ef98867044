// Runs the Azure emulator until SIGINT/SIGTERM and prints where it listens:
//   npm run azure-emulator -- [--port N] [--host H] [--data-dir DIR] [--latency zero|azure] [--scale X]
//                             [--tenant-id ID] [--no-persist] [--accept-unknown-principals]
//                             [--jwks-uri URL [--jwks-ca-file PEM] [--issuer ISS]... [--authority-host URL]]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isLatencyProfile } from './core/timing';
import { startAzureEmulator } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      latency: { type: 'string', default: 'zero' },
      scale: { type: 'string' },
      'tenant-id': { type: 'string' },
      'no-persist': { type: 'boolean', default: false },
      'accept-unknown-principals': { type: 'boolean', default: false },
      'jwks-uri': { type: 'string' },
      'jwks-ca-file': { type: 'string' },
      issuer: { type: 'string', multiple: true },
      'authority-host': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'Usage: azure-emulator [--port N] [--host H] [--data-dir DIR] [--latency zero|azure] [--scale X] [--tenant-id ID]',
        '                      [--no-persist] [--accept-unknown-principals]',
        '                      [--jwks-uri URL [--jwks-ca-file PEM] [--issuer ISS]... [--authority-host URL]]',
        '',
      ].join('\n'),
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (!isLatencyProfile(values.latency)) throw new Error(`--latency must be "zero" or "azure", got ${values.latency}`);
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && !(scale >= 0)) throw new Error(`--scale must be a non-negative number, got ${values.scale}`);

  const emulator = await startAzureEmulator({
    port,
    host: values.host,
    dataDir: values['data-dir'],
    persistState: values['data-dir'] !== undefined && !values['no-persist'],
    latency: values.latency,
    scale,
    tenantId: values['tenant-id'],
    acceptUnknownPrincipals: values['accept-unknown-principals'],
    // With --jwks-uri tokens are verified against an identity's keys; otherwise any bearer token is accepted.
    auth: values['jwks-uri']
      ? {
          jwks: values['jwks-uri'],
          caPem: values['jwks-ca-file'] ? readFileSync(values['jwks-ca-file'], 'utf8') : undefined,
          issuers: values.issuer,
          authorityHost: values['authority-host'],
        }
      : undefined,
  });
  process.stdout.write(
    [
      `ARM endpoint: ${emulator.armEndpoint}`,
      `Graph endpoint: ${emulator.graphEndpoint}`,
      `Admin endpoint: ${emulator.adminEndpoint}`,
      `CA file: ${emulator.caFile}`,
      `Tenant id: ${emulator.tenantId}`,
      `Tokens: ${values['jwks-uri'] ? `verified with the keys at ${values['jwks-uri']}` : 'any bearer token is accepted'}`,
      `Latency profile: ${values.latency}${scale !== undefined ? ` (scale ${scale})` : ''}`,
      'Ready.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Stopping on ${signal}.\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`azure-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
