'use strict';
// Plain HTTP triggers: routes with parameters, methods, headers, query, cookies, settings, logging and errors.
const { app, HttpResponse } = require('@azure/functions');

app.http('Ping', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({ body: 'pong' }),
});

app.http('Hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'hello/{name?}',
  handler: async (request, context) => {
    let name = request.params.name || request.query.get('name');
    if (!name && request.method === 'POST') {
      const body = await request.json();
      name = body && body.name;
    }
    name = name || 'world';
    context.log(`Saying hello to ${name}`);
    return new HttpResponse({
      status: 200,
      jsonBody: {
        greeting: `Hello, ${name}!`,
        method: request.method,
        query: Object.fromEntries(request.query.entries()),
        requestHeader: request.headers.get('x-sample-request'),
        cookie: request.headers.get('cookie'),
      },
      headers: { 'x-sample-response': 'yes' },
      cookies: [{ name: 'visited', value: name, path: '/', httpOnly: true }],
    });
  },
});

app.http('GetItem', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'items/{id:int}',
  handler: async (request) => ({
    jsonBody: { id: Number(request.params.id), rawId: request.params.id },
  }),
});

app.http('CreateItem', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'items',
  handler: async (request) => {
    const item = await request.json();
    const id = 42;
    return {
      status: 201,
      headers: { location: `/api/items/${id}` },
      jsonBody: { id, ...item },
    };
  },
});

app.http('Echo', {
  methods: ['POST', 'PUT'],
  authLevel: 'anonymous',
  route: 'echo',
  handler: async (request) => {
    const bytes = Buffer.from(await request.arrayBuffer());
    return {
      jsonBody: {
        length: bytes.length,
        contentType: request.headers.get('content-type'),
        method: request.method,
      },
    };
  },
});

app.http('PutThing', {
  methods: ['PUT'],
  authLevel: 'anonymous',
  route: 'things/{name}',
  handler: async (request) => ({ jsonBody: { stored: request.params.name } }),
});

app.http('Boom', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'boom',
  handler: async () => {
    throw new Error('internal detail that must not reach the caller');
  },
});

app.http('Setting', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'setting',
  handler: async () => ({ jsonBody: { value: process.env.SAMPLE_SETTING ?? null } }),
});

app.http('LogSample', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'log',
  handler: async (request, context) => {
    const tag = request.query.get('tag') || 'untagged';
    context.log(`info-line ${tag}`);
    context.debug(`debug-line ${tag}`);
    context.trace(`trace-line ${tag}`);
    return { jsonBody: { invocationId: context.invocationId, functionName: context.functionName } };
  },
});
