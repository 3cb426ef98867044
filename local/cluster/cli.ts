// Starts the stand-in cluster from a terminal, prints how to reach it, and serves until interrupted.
//   node dist/local/cluster/cli.js --output-dir _output/demo1 --masters 1 --agents agent=1 [--agents pool2=3]
//     [--data-dir <dir>] [--etcd-binary <path>] [--location <location>] [--kubernetes-version <x.y.z>]
//     [--node-ready-delay-ms <ms>]
import { parseArgs } from 'node:util';
import { startStandInCluster, type AgentPoolShape } from './index';

const usage =
  'usage: cli.js --output-dir <_output/dnsPrefix> --masters <n> --agents <pool>=<count>[,<pool>=<count>...] [--data-dir <dir>] ' +
  '[--etcd-binary <path>] [--location <location>] [--kubernetes-version <x.y.z>] [--node-ready-delay-ms <ms>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'output-dir': { type: 'string' },
      masters: { type: 'string', default: '1' },
      agents: { type: 'string', multiple: true, default: [] },
      'data-dir': { type: 'string' },
      'etcd-binary': { type: 'string' },
      location: { type: 'string' },
      'kubernetes-version': { type: 'string' },
      'node-ready-delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(usage);
  if (!values['output-dir']) throw new Error(`--output-dir is required\n${usage}`);

  const cluster = await startStandInCluster({
    outputDir: values['output-dir'],
    masters: Number(values.masters),
    agentPools: values.agents
      .flatMap((flag) => flag.split(','))
      .filter(Boolean)
      .map(parsePool),
    dataDir: values['data-dir'],
    etcdBinary: values['etcd-binary'],
    location: values.location,
    kubernetesVersion: values['kubernetes-version'],
    nodeReadyDelayMs: values['node-ready-delay-ms'] === undefined ? undefined : Number(values['node-ready-delay-ms']),
  });

  console.log(`API server:    ${cluster.apiServerUrl}`);
  console.log(`nodes:         ${cluster.nodeNames.join(' ')}`);
  if (cluster.kubeconfigPath)
    console.log(`kubeconfig:    ${cluster.kubeconfigPath}\n  kubectl --kubeconfig ${cluster.kubeconfigPath} get nodes`);
  if (cluster.etcdEndpoint) {
    const { caCertificatePath, certificatePath, keyPath } = cluster.etcdClient;
    console.log(`etcd endpoint: ${cluster.etcdEndpoint}`);
    const flags = `--endpoints ${cluster.etcdEndpoint} --cacert ${caCertificatePath} --cert ${certificatePath} --key ${keyPath}`;
    console.log(`  ETCDCTL_API=3 etcdctl ${flags} get /registry --prefix --keys-only`);
  } else {
    console.log(`etcd endpoint: none: ${cluster.etcdUnavailable}`);
  }
  console.log(`audit log:     ${cluster.auditLogPath}`);
  console.log('stand-in cluster ready (Ctrl+C stops it)');

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    cluster.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function parsePool(text: string): AgentPoolShape {
  const match = /^([^=]+)=(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`--agents takes <pool>=<count>, not "${text}"`);
  return { name: match[1]!, count: Number(match[2]) };
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
