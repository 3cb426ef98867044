// Durable registrations: the orchestrations and one activity per provisioning step.
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { sweepAbandonedWorkFolders } from '../aks-engine/work-folders';
import { runActivity } from '../provisioning/activity';
import { allActivities } from '../provisioning/activities';
import {
  changeClusterOrchestrator,
  createClusterOrchestrator,
  deleteClusterOrchestrator,
  orchestratorNames,
} from '../provisioning/orchestrators';

const config = settings();
// aks-engine work folders of a process that died (they hold secrets) go before any new work starts.
sweepAbandonedWorkFolders();

df.app.orchestration(orchestratorNames.create, createClusterOrchestrator);
df.app.orchestration(orchestratorNames.delete, deleteClusterOrchestrator);
df.app.orchestration(orchestratorNames.scale, changeClusterOrchestrator);

for (const definition of allActivities) {
  df.app.activity(definition.name, { handler: (input: unknown) => runActivity(config, definition, input as never) });
}
