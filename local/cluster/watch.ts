// Watches (?watch=true): a stream of JSON watch events, one per line, from a resourceVersion (or from now,
// after the current objects as ADDED), filtered by namespace, name and selectors, as JSON or Table rows.
import type { ServerResponse } from 'node:http';
import { setTimeout, clearTimeout } from 'node:timers';
import type { ResourceRequest, Services } from './handler-context';
import type { KubeObject } from './kube-object';
import { parseLabelSelector, type StoreEvent, type WatchEventType } from './object-store';
import { acceptedForm, fieldPredicate, selectObjects, tableOf } from './resource-reads';

/** Opens the stream; it ends when the client goes, on timeoutSeconds, or when the server closes. */
export function serveWatch(services: Services, request: ResourceRequest, response: ServerResponse, auditId: string): number {
  const form = acceptedForm(request);
  const params = request.url.searchParams;
  const labels = parseLabelSelector(params.get('labelSelector') ?? undefined);
  const fields = fieldPredicate(request.type, params.get('fieldSelector') ?? undefined);
  const matches = (object: KubeObject) =>
    (request.namespace === undefined || object.metadata.namespace === request.namespace) &&
    (request.name === undefined || object.metadata.name === request.name) &&
    labels(object.metadata.labels ?? {}) &&
    fields(object);

  response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Audit-Id': auditId });
  const send = (type: WatchEventType | 'ERROR', object: object) => {
    const payload =
      form.form === 'table' && type !== 'ERROR'
        ? tableOf(request, [object as KubeObject], (object as KubeObject).metadata.resourceVersion, form.version)
        : object;
    response.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const forward = (event: StoreEvent) => {
    if (event.resource !== request.type) return;
    const now = matches(event.object);
    const before = event.previous !== undefined && event.type !== 'DELETED' ? matches(event.previous) : now;
    if (event.type === 'DELETED') return now && send('DELETED', event.object);
    if (event.type === 'ADDED') return now && send('ADDED', event.object);
    if (now) send(before ? 'MODIFIED' : 'ADDED', event.object);
    else if (before) send('DELETED', event.object);
  };

  const requested = params.get('resourceVersion') ?? '';
  if (requested === '' || requested === '0') {
    for (const object of selectObjects(services, request).filter(matches)) send('ADDED', object);
  } else {
    const past = services.store.eventsSince(Number(requested));
    if (past === undefined || !/^\d+$/.test(requested)) {
      send('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${requested} (${services.store.resourceVersion()})`,
        reason: 'Gone',
        code: 410,
      });
      response.end();
      return 200;
    }
    for (const event of past) forward(event);
  }
  const unsubscribe = services.store.onChange(forward);
  const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(() => response.end(), timeoutSeconds * 1000) : undefined;
  timer?.unref();
  response.on('close', () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  });
  return 200;
}
