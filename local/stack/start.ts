// `npm start`: the whole local stack with the API on port 7071, how to get a token from the local Entra ID,
// and curl examples that work as printed.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tokenCurlCommand } from '../identity/curl-examples';
import { sshRsaPublicKey } from '../support/ssh-key';
import { startLocalStack } from './stack';

const root = path.resolve(__dirname, '..', '..', '..');
const demoScale = 0.05;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7071' },
      realistic: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'aks-engine': { type: 'string' },
    },
  });
  const dataDir = path.resolve(values['data-dir'] ?? path.join(root, '.local', 'stack'));
  // Stand-in clusters live only as long as this process, so by default every run starts from a clean slate;
  // --keep keeps records, history and blobs (clusters from an earlier run then have no live stand-in).
  if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(
    `Starting the local stack (state in ${path.relative(root, dataDir) || dataDir}${values.keep ? ', kept from earlier runs' : ''})...`,
  );
  const stack = await startLocalStack({
    root,
    hostPort: Number(values.port),
    dataDir,
    // Azure-like delays, scaled so that a cluster takes well under a minute; --realistic keeps Azure's pace.
    latency: 'azure',
    scale: values.realistic ? 1 : demoScale,
    // --aks-engine <path>: the real aks-engine v0.32.3 binary generates the clusters instead of the simulator.
    aksEnginePath: values['aks-engine'],
    log: (line) => {
      if (!line.startsWith('[host] ') || /Warning|Error|failed/i.test(line)) console.log(line);
    },
  });
  // Before the ready message: whoever reads it may stop the stack at once.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the local stack...');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const api = stack.apiBaseUrl;
  const identity = stack.identity;
  const sshPublicKey = sshRsaPublicKey(2048, 'demo@localhost');
  const body = JSON.stringify({ name: 'demo1', linuxProfile: { sshPublicKey } });
  const operator = identity.clients.operator;
  const secrets = path.dirname(identity.secretFile('operator') ?? '');
  const bearer = '-H "Authorization: Bearer $TOKEN"';
  console.log(`
The provisioning API is up: ${api}
  Azure emulator (ARM + Graph): ${stack.emulator.armEndpoint}
  Local Entra ID:               ${identity.openidConfigurationUrl}
  Blob Storage (Azurite):       ${stack.azurite.blobEndpoint}
  aks-engine:                   ${values['aks-engine'] ? path.resolve(values['aks-engine']) : 'the simulator (local/aks-engine)'}
  Trusted CA file:              ${stack.trustedCaFile}
  Contract:                     ${api}/openapi.yaml

Get a token as the local "operator" client (Clusters.Read, Clusters.Write, Clusters.Credentials); the other
clients are viewer, operator2, admin and noroles, with their secrets in ${secrets}:

  ${tokenCurlCommand(identity, 'operator', stack.trustedCaFile)}

Try it:

  curl -s -X POST ${api}/clusters ${bearer} -H 'content-type: application/json' -d '${body}'
  curl -s ${bearer} ${api}/clusters/demo1
  curl -s ${bearer} ${api}/clusters/demo1/kubeconfig
  curl -s -X DELETE ${bearer} ${api}/clusters/demo1

Or with the command line, signed in as "operator" with its client secret through the local Entra ID:

  export AKS_COSMOS_API=${api} AZURE_TENANT_ID=${identity.tenantId} AZURE_CLIENT_ID=${operator.clientId}
  export AZURE_AUTHORITY_HOST=${identity.authorityHost} NODE_EXTRA_CA_CERTS=${stack.trustedCaFile}
  export AZURE_CLIENT_SECRET="$(cat ${identity.secretFile('operator')})"
  npx aks-cosmos create demo2 --ssh-public-key "${sshPublicKey}" --wait
  npx aks-cosmos kubeconfig demo2 -o demo2.kubeconfig && kubectl --kubeconfig demo2.kubeconfig get nodes

Press Ctrl+C to stop.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
