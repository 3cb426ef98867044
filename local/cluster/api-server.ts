// The stand-in's Kubernetes API server: TLS with the apiserver certificate, authentication by client
// certificate (or service account token), RBAC authorization, discovery, and the resource handlers; every
// request ends up in the audit log with the user it was made as.
import { createPublicKey, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AuditLog } from './audit-log';
import { authenticate, type Authenticated } from './authentication';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import { StatusError, type Reply } from './handler-context';
import type { ObjectStore } from './object-store';
import { impersonate } from './impersonation';
import { RbacAuthorizer, type Decision, type User } from './rbac-authorizer';
import { requestInfo, type RequestInfo } from './request-info';
import { handleResource, routeResource } from './resource-router';
import { failureStatus, forbidden, pathNotFound, unauthorized } from './status';
import { serveWatch } from './watch';

export interface ApiServerOptions {
  caCertificatePem: string;
  certificatePem: string;
  privateKeyPem: string;
  store: ObjectStore;
  /** What /version reports, asked on every request so that an upgrade shows at once. */
  serverVersion: () => string;
  /** Where the audit log is appended; none when left out. */
  auditLogPath?: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
}

export interface RunningApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** kube-apiserver refuses bodies over 3 MiB. */
const maxBodyBytes = 3 * 1024 * 1024;

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  let serverAddress = '';
  const authorizer = new RbacAuthorizer(options.store);
  const services = { store: options.store, authorizer };
  const audit = options.auditLogPath ? new AuditLog(options.auditLogPath) : undefined;
  const serviceAccountKey = createPublicKey(options.certificatePem);

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
      const context: RequestContext = {
        received: new Date(),
        auditId: randomUUID(),
        url: new URL(request.url ?? '/', 'https://stand-in'),
        code: 0,
      };
      context.info = requestInfo(request.method ?? 'GET', context.url);
      response.once('close', () => audit?.record(auditEntry(request, context)));
      readBody(request)
        .then((body) => {
          if (body === undefined) {
            return send(
              response,
              context,
              failureStatus(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${maxBodyBytes}`),
            );
          }
          handle(request, response, context, body);
        })
        .catch((error: Error) => {
          if (error instanceof StatusError) return send(response, context, error.status);
          if (!response.headersSent)
            send(response, context, failureStatus(500, 'InternalError', `stand-in API server error: ${error.message}`));
        });
    },
  );

  function handle(request: IncomingMessage, response: ServerResponse, context: RequestContext, body: Buffer) {
    const info = context.info!;
    const user = authenticate(request, { store: options.store, serviceAccountKey });
    if (!user) return send(response, context, unauthorized());
    context.user = user;
    const impersonation = impersonate(request.headers, user, authorizer);
    if ('refusal' in impersonation) return send(response, context, impersonation.refusal);
    if (impersonation.impersonated) context.impersonatedUser = impersonation.user;
    const caller = impersonation.user;
    const decision = authorizer.authorize({ user: caller, ...info });
    context.decision = decision;
    if (!decision.allowed) {
      const resource = info.isResourceRequest ? { name: info.resource, group: info.apiGroup } : undefined;
      return send(response, context, forbidden(resource, info.name, forbiddenReason(info, caller.name, decision.reason)));
    }
    if (!info.isResourceRequest) return serveNonResource(response, context, info);

    const method = request.method ?? 'GET';
    const route = routeResource(info, context.url, method, request.headers, body, caller);
    if (route.kind === 'reply') return sendReply(response, context, route.reply);
    if (route.kind === 'watch') {
      context.code = serveWatch(services, route.request, response, context.auditId);
      return;
    }
    return sendReply(response, context, handleResource(services, route.request));
  }

  function serveNonResource(response: ServerResponse, context: RequestContext, info: RequestInfo) {
    const path = info.path.replace(/\/+$/, '') || '/';
    if (info.verb !== 'get' && info.verb !== 'head') {
      return send(
        response,
        context,
        failureStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
      );
    }
    if (path === '/healthz' || path.startsWith('/healthz/')) return sendText(response, context, 'ok');
    if (path === '/version') return send(response, context, versionInfo(options.serverVersion()));
    if (path === '/api') return send(response, context, apiVersions(serverAddress));
    if (path === '/apis') return send(response, context, apiGroupList());
    const [, prefix, first, second, ...rest] = path.split('/');
    let document: object | undefined;
    if (prefix === 'api' && first && !second) document = apiResourceList('', first);
    if (prefix === 'apis' && first && !second) document = apiGroupDocument(first);
    if (prefix === 'apis' && first && second && rest.length === 0) document = apiResourceList(first, second);
    // No OpenAPI documents: kubectl get, delete, cordon, drain and auth can-i do without them.
    return send(response, context, document ?? pathNotFound());
  }

  function sendReply(response: ServerResponse, context: RequestContext, reply: Reply) {
    writeJson(response, context, reply.code, reply.body);
  }

  /** A body that is a failure Status carries its own code. */
  function send(response: ServerResponse, context: RequestContext, body: object) {
    const { kind, code } = body as { kind?: unknown; code?: unknown };
    writeJson(response, context, kind === 'Status' && typeof code === 'number' ? code : 200, body);
  }

  function writeJson(response: ServerResponse, context: RequestContext, code: number, body: object) {
    context.code = code;
    const text = JSON.stringify(body);
    response.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
      'Audit-Id': context.auditId,
    });
    response.end(text);
  }

  function sendText(response: ServerResponse, context: RequestContext, text: string) {
    context.code = 200;
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
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

interface RequestContext {
  received: Date;
  auditId: string;
  url: URL;
  info?: RequestInfo;
  user?: Authenticated;
  impersonatedUser?: User;
  decision?: Decision;
  code: number;
}

/** kube-apiserver's sentence for a refused request, with the authorizer's reason when it has one. */
function forbiddenReason(info: RequestInfo, userName: string, reason: string): string {
  let message: string;
  if (!info.isResourceRequest) {
    message = `User "${userName}" cannot ${info.verb} path "${info.path}"`;
  } else {
    const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
    message = `User "${userName}" cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`;
  }
  return reason ? `${message}: ${reason}` : message;
}

/** The body, or undefined when it is larger than the API server accepts. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function auditEntry(request: IncomingMessage, context: RequestContext) {
  return {
    auditId: context.auditId,
    info: context.info!,
    requestUri: request.url ?? '/',
    user: context.user,
    impersonatedUser: context.impersonatedUser,
    sourceIp: request.socket.remoteAddress ?? '',
    userAgent: request.headers['user-agent'],
    code: context.code,
    received: context.received,
    decision: context.decision,
  };
}
