// operations.SafelyDrainNodeWithClient (pkg/operations/cordondrainvm.go): cordon the node (retrying optimistic-lock
// conflicts up to 5 times), then evict every pod that is neither a mirror pod nor a DaemonSet's (or delete them
// when the API server has no eviction), and wait until each is gone; the log lines are v0.32.3's.
import type { EntryLogger } from './entry-log';
import { isNotFound, isTooManyRequests, type KubeClient, type KubePod } from './kube-client';
import { sleep } from './sim-delay';

const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';
const CORDON_MAX_RETRIES = 5;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainTiming {
  /** Between checks that evicted pods are gone (the client's interval, 1 s in aks-engine). */
  intervalMs: number;
  /** How long to wait for them (the client's timeout). */
  waitTimeoutMs: number;
  /** How long the whole eviction may take (the drain's timeout). */
  drainTimeoutMs: number;
  /** Pause before evicting again when a disruption budget answers 429 (5 s in aks-engine). */
  tooManyRequestsRetryMs: number;
}

/** Go's time.Duration String() for whole seconds, e.g. "1h0m0s", "20m0s", "1m0s". */
export function goDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

export async function safelyDrainNode(client: KubeClient, logger: EntryLogger, nodeName: string, timing: DrainTiming): Promise<void> {
  for (let attempt = 0; attempt < CORDON_MAX_RETRIES; attempt++) {
    const node = await client.getNode(nodeName);
    node.spec = { ...node.spec, unschedulable: true };
    try {
      await client.updateNode(node);
    } catch (error) {
      if ((error as Error).message.includes(OPTIMISTIC_LOCK_MESSAGE)) {
        logger.info(`Node ${nodeName} got an error suggesting a concurrent modification. Will retry to cordon`);
        continue;
      }
      throw error;
    }
    break;
  }
  logger.info(`Node ${nodeName} has been marked unschedulable.`);

  const pods = await podsForDeletion(client, nodeName);
  logger.info(`${pods.length} pods need to be removed/deleted`);
  try {
    await deleteOrEvictPods(client, logger, pods, timing);
  } catch (error) {
    const pending = await podsForDeletion(client, nodeName);
    logger.error(`There are pending pods when an error occurred: ${(error as Error).message}\n`);
    for (const pod of pending) logger.error(`pod/${pod.metadata.name}\n`);
    throw error;
  }
}

/** Every pod of the node but mirror pods and DaemonSet pods (they would come straight back). */
async function podsForDeletion(client: KubeClient, nodeName: string): Promise<KubePod[]> {
  return (await client.listPods(nodeName)).filter((pod) => {
    if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return false;
    const controller = pod.metadata.ownerReferences?.find((reference) => reference.controller === true);
    return !controller || controller.kind !== 'DaemonSet';
  });
}

async function deleteOrEvictPods(client: KubeClient, logger: EntryLogger, pods: KubePod[], timing: DrainTiming): Promise<void> {
  if (pods.length === 0) return;
  const policyGroupVersion = await client.supportEviction();
  if (policyGroupVersion) return evictPods(client, logger, pods, policyGroupVersion, timing);
  for (const pod of pods) {
    try {
      await client.deletePod(pod);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  await waitForDelete(client, logger, pods, false, timing);
}

async function evictPods(
  client: KubeClient,
  logger: EntryLogger,
  pods: KubePod[],
  groupVersion: string,
  timing: DrainTiming,
): Promise<void> {
  const evictOne = async (pod: KubePod): Promise<void> => {
    for (;;) {
      try {
        await client.evictPod(pod, groupVersion);
        break;
      } catch (error) {
        if (isNotFound(error)) return;
        if (isTooManyRequests(error)) {
          await sleep(timing.tooManyRequestsRetryMs);
          continue;
        }
        throw new Error(`error when evicting pod "${pod.metadata.name}": ${(error as Error).message}`, { cause: error });
      }
    }
    try {
      await waitForDelete(client, logger, [pod], true, timing);
    } catch (error) {
      throw new Error(`error when waiting for pod "${pod.metadata.name}" terminating: ${(error as Error).message}`, { cause: error });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Drain did not complete within ${goDuration(timing.drainTimeoutMs)}`)),
      timing.drainTimeoutMs,
    );
  });
  try {
    await Promise.race([Promise.all(pods.map(evictOne)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** KubernetesClientSetClient.WaitForDelete: wait.PollImmediate until every pod is gone (or replaced: another UID). */
async function waitForDelete(client: KubeClient, logger: EntryLogger, pods: KubePod[], usingEviction: boolean, timing: DrainTiming) {
  const verb = usingEviction ? 'evicted' : 'deleted';
  const deadline = Date.now() + timing.waitTimeoutMs;
  let pending = pods;
  for (;;) {
    const still: KubePod[] = [];
    for (const pod of pending) {
      try {
        const current = await client.getPod(pod.metadata.namespace, pod.metadata.name);
        if (current.metadata.uid !== pod.metadata.uid) logger.info(`${pod.metadata.name} pod successfully ${verb}`);
        else still.push(pod);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        logger.info(`${pod.metadata.name} pod successfully ${verb}`);
      }
    }
    pending = still;
    if (pending.length === 0) return;
    if (Date.now() + timing.intervalMs > deadline) throw new Error('timed out waiting for the condition');
    await sleep(timing.intervalMs);
  }
}
