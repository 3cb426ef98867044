// A minimal, read-only Kubernetes API server: TLS with the apiserver certificate, client certificates checked
// against the cluster CA, and the core/v1 reads that kubectl get / version / cluster-info make.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { negotiate } from './content-negotiation';
import { apiGroupList, apiVersions, coreV1Resources, versionInfo } from './discovery';
import type { ObjectStore } from './object-store';
import { resourceTypeByName, type ResourceType } from './resources';
import { failureStatus, objectNotFound, pathNotFound, unauthorized } from './status';
import { toTable, type IncludeObject } from './tables';

export interface ApiServerOptions {
  caCertificatePem: string;
  certificatePem: string;
  privateKeyPem: string;
  store: ObjectStore;
  kubernetesVersion: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
}

export interface RunningApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface User {
  name: string;
  groups: string[];
}

/** The paths the system:discovery role opens to every authenticated user. */
const discoveryPaths = /^\/(api|api\/v1|apis|version|healthz|openapi\/v2|openapi\/v3)\/?$/;

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  let serverAddress = '';
  const server: Server = createServer(
    {
      key: options.privateKeyPem,
      cert: options.certificatePem,
      ca: options.caCertificatePem,
      // Ask for a client certificate but decide ourselves, so that a missing or foreign one gets a 401 Status as from a real API server.
      requestCert: true,
      rejectUnauthorized: false,
    },
    (request, response) => {
      try {
        handle(request, response);
      } catch (error) {
        send(response, failureStatus(500, 'InternalError', `stand-in API server error: ${(error as Error).message}`));
      }
    },
  );

  function handle(request: IncomingMessage, response: ServerResponse) {
    const user = authenticate(request.socket as TLSSocket);
    if (!user) return send(response, unauthorized());
    const url = new URL(request.url ?? '/', 'https://stand-in');
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    if (request.method !== 'GET') return send(response, failureStatus(405, 'MethodNotAllowed', 'the stand-in cluster is read-only'));

    if (discoveryPaths.test(pathname)) {
      switch (pathname) {
        case '/healthz':
          return sendText(response, 'ok');
        case '/version':
          return send(response, versionInfo(options.kubernetesVersion));
        case '/api':
          return send(response, apiVersions(serverAddress));
        case '/apis':
          return send(response, apiGroupList());
        case '/api/v1':
          return send(response, coreV1Resources());
        default:
          // No OpenAPI documents: kubectl get, version and cluster-info do not need them.
          return send(response, pathNotFound());
      }
    }

    const route = parseResourcePath(pathname);
    if (!route) return send(response, pathNotFound());
    const verb = route.name ? 'get' : 'list';
    if (!user.groups.includes('system:masters')) return send(response, forbidden(user, verb, route.type, route.namespace, route.name));
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1')
      return send(response, failureStatus(405, 'MethodNotAllowed', 'the stand-in cluster does not support watch'));

    const form = negotiate(request.headers.accept);
    if (!form) return send(response, failureStatus(406, 'NotAcceptable', 'only application/json and meta.k8s.io Table are served'));
    const resourceVersion = options.store.resourceVersion();

    let objects;
    if (route.name) {
      const object = options.store.get(route.type, route.name, route.namespace);
      if (!object) return send(response, objectNotFound(route.type.name, route.name));
      if (form.form === 'object') return send(response, object);
      objects = [object];
    } else {
      objects = options.store.list(route.type, route.namespace, url.searchParams.get('labelSelector') ?? undefined);
      if (form.form === 'object') {
        return send(response, {
          kind: `${route.type.kind}List`,
          apiVersion: 'v1',
          metadata: { selfLink: pathname, resourceVersion },
          items: objects,
        });
      }
    }
    const includeObject = (url.searchParams.get('includeObject') ?? 'Metadata') as IncludeObject;
    return send(response, toTable(route.type.kind, objects, { version: form.version, includeObject, resourceVersion }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `127.0.0.1:${port}`;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A client certificate signed by the cluster CA names the user (CN) and their groups (O), as in Kubernetes. */
function authenticate(socket: TLSSocket): User | undefined {
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate()?.subject;
  if (!subject?.CN) return undefined;
  const organizations = subject.O === undefined ? [] : ([] as string[]).concat(subject.O);
  return { name: String(subject.CN), groups: [...organizations, 'system:authenticated'] };
}

interface ResourceRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

/** /api/v1/<resource>[/<name>] and /api/v1/namespaces/<ns>/<resource>[/<name>]. */
function parseResourcePath(pathname: string): ResourceRoute | undefined {
  const segments = pathname.split('/').slice(1).map(decodeURIComponent);
  if (segments[0] !== 'api' || segments[1] !== 'v1') return undefined;
  const rest = segments.slice(2);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = resourceTypeByName(rest[2]!);
    if (!type?.namespaced || rest.length > 4) return undefined;
    return { type, namespace: rest[1], name: rest[3] };
  }
  const type = resourceTypeByName(rest[0] ?? '');
  if (!type || rest.length > 2) return undefined;
  // Listing a namespaced type here means across all namespaces; a single one needs its namespace.
  if (type.namespaced && rest.length === 2) return undefined;
  return { type, name: rest[1] };
}

/** RBAC's message; only system:masters (aks-engine's admin certificates) may read. */
function forbidden(user: User, verb: string, type: ResourceType, namespace?: string, name?: string) {
  const subject = name ? `${type.name} "${name}"` : type.name;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return failureStatus(403, 'Forbidden', `${subject} is forbidden: User "${user.name}" cannot ${verb} ${type.name} ${scope}`, {
    ...(name ? { name } : {}),
    kind: type.name,
  });
}

function send(response: ServerResponse, body: object) {
  const { kind, code } = body as { kind?: unknown; code?: unknown };
  const status = kind === 'Status' && typeof code === 'number' ? code : 200;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  response.end(text);
}

function sendText(response: ServerResponse, text: string) {
  response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
