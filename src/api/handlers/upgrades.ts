// GET /api/clusters/{name}/upgrades: the cluster's Kubernetes version and those aks-engine can upgrade it to.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings } from '../../config/settings';
import { kubernetesVersions } from '../../aks-engine/versions';
import { jsonResponse } from '../json';
import { findCluster } from '../route';

export async function listUpgrades(request: HttpRequest): Promise<HttpResponseInit> {
  const { record } = await findCluster(request);
  const current = record.spec.orchestratorProfile.orchestratorVersion;
  const upgrades = (await kubernetesVersions(settings())).get(current) ?? [];
  return jsonResponse(200, {
    name: record.name,
    currentVersion: current,
    upgrades: upgrades.map((version) => ({ orchestratorVersion: version })),
  });
}
