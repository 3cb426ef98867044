// Before an operation acts, every activity of the cluster's earlier operations must have stopped: a create
// stopped by a delete or a cancel may still be creating something. Its leases say so (see ActivityLease).
import type { Settings } from '../../config/settings';
import { otherLiveLeases } from '../../clusters/leases';
import { ClusterStore } from '../../clusters/store';
import { activity, type StepInput } from '../activity';
import { running, succeeded, type StepResult } from '../step-result';

export const awaitEarlierActivities = activity(
  'resourceGroup',
  async function awaitEarlierActivities(settings: Settings, input: StepInput): Promise<StepResult<undefined>> {
    const found = await new ClusterStore(settings).get(input.name);
    const busy = found ? otherLiveLeases(found.record, input.operationId, settings.activityLeaseSeconds) : [];
    if (busy.length === 0) return succeeded(undefined);
    const names = busy.map((lease) => `${lease.activity} of ${lease.operationId}`).join(', ');
    return running(`Waiting for earlier work to stop: ${names}.`);
  },
  { leased: false },
);
