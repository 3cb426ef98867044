'use strict';
// HTTP functions that use the Durable client, registered both through df.app.client.http and through
// app.http with an explicit durableClient extra input.
const { app } = require('@azure/functions');
const df = require('durable-functions');

async function readJsonInput(request) {
  const text = await request.text();
  return text ? JSON.parse(text) : undefined;
}

df.app.client.http('StartOrchestration', {
  route: 'orchestrators/{name}/{id?}',
  methods: ['POST'],
  handler: async (request, client, context) => {
    const instanceId = await client.startNew(request.params.name, {
      instanceId: request.params.id || undefined,
      input: await readJsonInput(request),
    });
    context.log(`Started orchestration with ID = '${instanceId}'.`);
    return client.createCheckStatusResponse(request, instanceId);
  },
});

app.http('StartAndWait', {
  route: 'orchestrators-wait/{name}',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    const instanceId = await client.startNew(request.params.name, { input: await readJsonInput(request) });
    return client.waitForCompletionOrCreateCheckStatusResponse(request, instanceId, {
      timeoutInMilliseconds: Number(request.query.get('timeoutMs') || 10000),
      retryIntervalInMilliseconds: 100,
    });
  },
});

df.app.client.http('InstanceStatus', {
  route: 'instances/{id}',
  methods: ['GET'],
  handler: async (request, client) => {
    try {
      const status = await client.getStatus(request.params.id, {
        showHistory: request.query.get('history') === 'true',
        showHistoryOutput: request.query.get('history') === 'true',
        showInput: true,
      });
      return { jsonBody: status };
    } catch (error) {
      return { status: 404, jsonBody: { error: String(error.message || error) } };
    }
  },
});

df.app.client.http('ListInstances', {
  route: 'instances',
  methods: ['GET'],
  handler: async (request, client) => {
    const runtimeStatus = request.query.get('runtimeStatus');
    const list = runtimeStatus ? await client.getStatusBy({ runtimeStatus: runtimeStatus.split(',') }) : await client.getStatusAll();
    return { jsonBody: list.map((status) => ({ instanceId: status.instanceId, runtimeStatus: status.runtimeStatus })) };
  },
});

df.app.client.http('RaiseEventViaClient', {
  route: 'instances/{id}/events/{eventName}',
  methods: ['POST'],
  handler: async (request, client) => {
    await client.raiseEvent(request.params.id, request.params.eventName, await readJsonInput(request));
    return { status: 202 };
  },
});

df.app.client.http('ControlInstance', {
  route: 'instances/{id}/control/{action:alpha}',
  methods: ['POST'],
  handler: async (request, client) => {
    const { id, action } = request.params;
    const reason = request.query.get('reason') || `${action} requested`;
    if (action === 'terminate') await client.terminate(id, reason);
    else if (action === 'suspend') await client.suspend(id, reason);
    else if (action === 'resume') await client.resume(id, reason);
    else if (action === 'purge') return { jsonBody: await client.purgeInstanceHistory(id) };
    else return { status: 400, jsonBody: { error: `unknown action ${action}` } };
    return { status: 202 };
  },
});

df.app.client.http('ManagementLinks', {
  route: 'instances/{id}/links',
  methods: ['GET'],
  handler: async (request, client) => ({ jsonBody: client.createHttpManagementPayload(request.params.id) }),
});
