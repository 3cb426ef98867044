// The v0.32.3 command tree (cmd/*.go): names, descriptions and flags exactly as cobra registers them.
import type { FlagSpec } from './flags';

export interface CommandSpec {
  name: string;
  short: string;
  long: string;
  flags: FlagSpec[];
  /** Commands of the real CLI that the simulator lists but does not implement. */
  simulated: boolean;
  /** cobra's Hidden: runs, but is neither listed in help nor suggested. */
  hidden?: boolean;
}

export const ROOT_NAME = 'aks-engine';
export const ROOT_DESCRIPTION = 'AKS Engine deploys and manages Kubernetes clusters in Azure';

export const persistentFlags: FlagSpec[] = [{ name: 'debug', type: 'bool', usage: 'enable verbose debug logs' }];

export const rootFlags: FlagSpec[] = [{ name: 'show-default-model', type: 'bool', usage: 'Dump the default API model to stdout' }];

const caFlags: FlagSpec[] = [
  { name: 'ca-certificate-path', type: 'string', usage: 'path to the CA certificate to use for Kubernetes PKI assets' },
  { name: 'ca-private-key-path', type: 'string', usage: 'path to the CA private key to use for Kubernetes PKI assets' },
];

const setFlag: FlagSpec = {
  name: 'set',
  type: 'stringArray',
  usage: 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)',
};

/** addAuthFlags in cmd/root.go (deploy, upgrade and scale only). */
export const authFlags: FlagSpec[] = [
  { name: 'azure-env', type: 'string', defaultValue: 'AzurePublicCloud', usage: 'the target Azure cloud' },
  { name: 'subscription-id', shorthand: 's', type: 'string', usage: 'azure subscription id (required)' },
  {
    name: 'auth-method',
    type: 'string',
    defaultValue: 'client_secret',
    usage: 'auth method (default:`client_secret`, `cli`, `client_certificate`, `device`)',
  },
  { name: 'client-id', type: 'string', usage: 'client id (used with --auth-method=[client_secret|client_certificate])' },
  { name: 'client-secret', type: 'string', usage: 'client secret (used with --auth-mode=client_secret)' },
  { name: 'certificate-path', type: 'string', usage: 'path to client certificate (used with --auth-method=client_certificate)' },
  { name: 'private-key-path', type: 'string', usage: 'path to private key (used with --auth-method=client_certificate)' },
  { name: 'language', type: 'string', defaultValue: 'en-us', usage: 'language to return error messages in' },
];

export const commands: CommandSpec[] = [
  {
    name: 'version',
    short: 'Print the version of AKS Engine',
    long: 'Print the version of AKS Engine',
    flags: [{ name: 'output', shorthand: 'o', type: 'string', defaultValue: 'human', usage: 'Output format to use: [human json]' }],
    simulated: true,
  },
  {
    name: 'generate',
    short: 'Generate an Azure Resource Manager template',
    long: 'Generates an Azure Resource Manager template, parameters file and other assets for a cluster',
    flags: [
      { name: 'api-model', shorthand: 'm', type: 'string', usage: 'path to the apimodel file' },
      { name: 'output-directory', shorthand: 'o', type: 'string', usage: 'output directory (derived from FQDN if absent)' },
      ...caFlags,
      setFlag,
      { name: 'no-pretty-print', type: 'bool', usage: 'skip pretty printing the output' },
      { name: 'parameters-only', type: 'bool', usage: 'only output parameters files' },
    ],
    simulated: true,
  },
  {
    name: 'deploy',
    short: 'Deploy an Azure Resource Manager template',
    long: 'Deploy an Azure Resource Manager template, parameters file and other assets for a cluster',
    flags: [
      { name: 'api-model', shorthand: 'm', type: 'string', usage: 'path to the apimodel file' },
      { name: 'dns-prefix', shorthand: 'p', type: 'string', usage: 'dns prefix (unique name for the cluster)' },
      {
        name: 'auto-suffix',
        type: 'bool',
        usage: 'automatically append a compressed timestamp to the dnsPrefix to ensure unique cluster name automatically',
      },
      { name: 'output-directory', shorthand: 'o', type: 'string', usage: 'output directory (derived from FQDN if absent)' },
      ...caFlags,
      {
        name: 'resource-group',
        shorthand: 'g',
        type: 'string',
        usage: 'resource group to deploy to (will use the DNS prefix from the apimodel if not specified)',
      },
      { name: 'location', shorthand: 'l', type: 'string', usage: 'location to deploy to (required)' },
      { name: 'force-overwrite', shorthand: 'f', type: 'bool', usage: 'automatically overwrite existing files in the output directory' },
      setFlag,
      ...authFlags,
    ],
    simulated: true,
  },
  {
    name: 'get-versions',
    short: 'Display info about supported Kubernetes versions',
    long: 'Display supported Kubernetes versions and upgrade versions',
    flags: [
      { name: 'version', type: 'string', usage: 'Kubernetes version (optional)' },
      { name: 'windows', type: 'bool', usage: 'Kubernetes cluster with Windows nodes (optional)' },
      { name: 'output', shorthand: 'o', type: 'string', defaultValue: 'human', usage: 'Output format. Allowed values: human, json' },
    ],
    simulated: true,
  },
  {
    name: 'orchestrators',
    short: 'Display info about supported orchestrators',
    long: 'Display supported versions and upgrade versions for each orchestrator',
    flags: [
      { name: 'orchestrator', type: 'string', usage: 'orchestrator name (optional) ' },
      { name: 'version', type: 'string', usage: 'orchestrator version (optional)' },
      { name: 'windows', type: 'bool', usage: 'orchestrator platform (optional, applies to Kubernetes only)' },
    ],
    simulated: false,
    hidden: true,
  },
  {
    name: 'upgrade',
    short: 'Upgrade an existing Kubernetes cluster',
    long: 'Upgrade an existing Kubernetes cluster, one minor version at a time',
    flags: [
      { name: 'location', shorthand: 'l', type: 'string', usage: 'location the cluster is deployed in (required)' },
      { name: 'resource-group', shorthand: 'g', type: 'string', usage: 'the resource group where the cluster is deployed (required)' },
      { name: 'deployment-dir', type: 'string', usage: 'the location of the output from `generate` (required)' },
      { name: 'upgrade-version', shorthand: 'k', type: 'string', usage: 'desired kubernetes version (required)' },
      { name: 'vm-timeout', type: 'int', defaultValue: '-1', usage: 'how long to wait for each vm to be upgraded in minutes' },
      {
        name: 'force',
        shorthand: 'f',
        type: 'bool',
        usage: 'force upgrading the cluster to desired version. Allows same version upgrades and downgrades.',
      },
      ...authFlags,
    ],
    simulated: true,
  },
  {
    name: 'scale',
    short: 'Scale an existing Kubernetes cluster',
    long: 'Scale an existing Kubernetes cluster by specifying increasing or decreasing the node count of an agentpool',
    flags: [
      { name: 'location', shorthand: 'l', type: 'string', usage: 'location the cluster is deployed in' },
      { name: 'resource-group', shorthand: 'g', type: 'string', usage: 'the resource group where the cluster is deployed' },
      { name: 'deployment-dir', type: 'string', usage: 'the location of the output from `generate`' },
      { name: 'new-node-count', shorthand: 'c', type: 'int', usage: 'desired number of nodes' },
      { name: 'node-pool', type: 'string', usage: 'node pool to scale' },
      { name: 'master-FQDN', type: 'string', usage: 'FQDN for the master load balancer, Needed to scale down Kubernetes agent pools' },
      ...authFlags,
    ],
    simulated: true,
  },
  {
    name: 'completion',
    short: 'Generates bash completion scripts',
    long: 'Generates bash completion scripts',
    flags: [],
    simulated: false,
  },
];

/** The version v0.32.3 reports (cmd/version.go; GitCommit is the tag's short SHA). */
export const VERSION = { GitTag: 'v0.32.3', GitCommit: '21ff4bd', GitTreeState: 'clean' };
