// Names for the shapes of the API, all taken from the types generated from openapi.yaml: none is written by hand,
// so a change to the contract that breaks a caller fails the build instead of a request.
import type { components, operations, paths } from './generated/openapi';

export type { components, operations, paths };

type Schemas = components['schemas'];
/** The JSON body of an operation's answer with the given status. */
export type AnswerOf<Operation extends keyof operations, Status extends number> = operations[Operation]['responses'] extends infer Answers
  ? Status extends keyof Answers
    ? Answers[Status] extends { content: { 'application/json': infer Body } }
      ? Body
      : never
    : never
  : never;

export type Cluster = Schemas['Cluster'];
export type ClusterCreateRequest = Schemas['ClusterCreateRequest'];
export type ProvisioningState = Schemas['ProvisioningState'];
export type Step = Schemas['Step'];
export type Operation = Schemas['Operation'];
export type ClusterError = Schemas['ClusterError'];
export type Link = Schemas['Link'];
export type ArtifactList = Schemas['ArtifactList'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type ErrorDetail = Schemas['ErrorDetail'];
export type ClusterPage = AnswerOf<'listClusters', 200>;
export type OperationList = AnswerOf<'listOperations', 200>;
export type LogList = AnswerOf<'listLogs', 200>;
export type NamedLink = AnswerOf<'getArtifact', 200>;
export type ListClustersQuery = NonNullable<operations['listClusters']['parameters']['query']>;
export type ClusterPatchRequest = Schemas['ClusterPatchRequest'];
export type PreflightResult = Schemas['PreflightResult'];
export type MintedKubeconfig = Schemas['MintedKubeconfig'];
export type BreakGlassKubeconfig = Schemas['BreakGlassKubeconfig'];
export type UpgradeProfile = AnswerOf<'listUpgrades', 200>;
export type KubeconfigAccess = NonNullable<NonNullable<operations['getKubeconfig']['parameters']['query']>['access']>;
