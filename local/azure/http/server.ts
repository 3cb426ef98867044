// The HTTPS front door. For every ARM/Graph request, in order: bearer token (401), api-version present for ARM
// (400), route (404/405), api-version supported by the resource type (400), call count, injected fault,
// latency, handler. Errors are answered in the ARM or Graph error shape. /_admin requests skip all of that.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRoutes } from '../admin/admin-routes';
import type { EmulatorAdmin } from '../admin/emulator-admin';
import { checkApiVersion, type ApiVersionTarget } from '../arm/api-versions';
import { findGroup } from '../arm/resource-groups';
import type { BearerTokenValidator } from '../auth/bearer-tokens';
import { callerOf } from '../auth/caller';
import type { EmulatorCore } from '../core/emulator-core';
import { ApiError } from './errors';
import { isRecord, queryParam, splitTarget, type EmulatorRequest, type Reply } from './request';
import type { Router } from './router';

const GRAPH_PREFIX = '/graph/';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type Flavour = 'arm' | 'graph';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(error: ApiError, flavour: Flavour, request: { requestId: string; clientRequestId: string }): unknown {
  const detail = error.toDetail() as unknown as Record<string, unknown>;
  if (flavour === 'graph') {
    detail.innerError = {
      date: new Date().toISOString().replace(/\.\d+Z$/, ''),
      'request-id': request.requestId,
      'client-request-id': request.clientRequestId,
    };
  }
  return { error: detail };
}

function send(res: ServerResponse, method: string, reply: Reply, baseHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...baseHeaders, ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined && method !== 'HEAD' && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The location ARM names in NoRegisteredProviderFound: the resource group's, or "global" outside one. */
function locationOf(core: EmulatorCore, target: ApiVersionTarget): string {
  if (target.kind !== 'provider' || !target.subscriptionId || !target.resourceGroup) return 'global';
  return findGroup(core, target.subscriptionId, target.resourceGroup)?.location ?? 'global';
}

export interface ServerParts {
  core: EmulatorCore;
  router: Router;
  admin: EmulatorAdmin;
  /** Checks bearer tokens (signature, lifetime, audience, issuer when configured). */
  tokens: BearerTokenValidator;
  tls: { key: string; cert: string };
  /** Called for unexpected handler errors (default: stderr). */
  log?: (message: string) => void;
}

export function createEmulatorServer(parts: ServerParts): Server {
  const { core, router, admin } = parts;
  const log = parts.log ?? core.log;
  const admins = adminRoutes(admin);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(req.url ?? '/');
    const flavour: Flavour = path.toLowerCase().startsWith(GRAPH_PREFIX) ? 'graph' : 'arm';
    const requestId = randomUUID();
    const clientRequestId = String(req.headers['client-request-id'] ?? req.headers['x-ms-client-request-id'] ?? randomUUID());
    const baseHeaders: Record<string, string> =
      flavour === 'graph'
        ? { 'request-id': requestId, 'client-request-id': clientRequestId }
        : {
            'x-ms-request-id': requestId,
            'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? randomUUID()),
            'x-ms-client-request-id': clientRequestId,
          };
    const fail = (error: ApiError) =>
      send(
        res,
        method,
        { status: error.status, body: errorBody(error, flavour, { requestId, clientRequestId }), headers: error.extra.headers },
        baseHeaders,
      );

    try {
      const rawBody = await readBody(req);

      if (path.toLowerCase().startsWith('/_admin')) {
        const handler = admins[`${method} ${path.toLowerCase()}`];
        if (!handler)
          return send(
            res,
            method,
            { status: 404, body: { error: { code: 'NotFound', message: `No admin endpoint ${method} ${path}.` } } },
            {},
          );
        try {
          const body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
          return send(res, method, handler(isRecord(body) ? body : {}, query), {});
        } catch (error) {
          return send(
            res,
            method,
            {
              status: 400,
              body: { error: { code: 'InvalidAdminRequest', message: error instanceof Error ? error.message : String(error) } },
            },
            {},
          );
        }
      }

      const unauthorized = await parts.tokens.check(req.headers.authorization, flavour);
      if (unauthorized) return fail(unauthorized);

      if (flavour === 'arm' && !queryParam(query, 'api-version')) {
        return fail(
          new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
        );
      }

      const match = router.match(method, path);
      if (!match) {
        return fail(
          flavour === 'graph'
            ? new ApiError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop()}'.`)
            : new ApiError(404, 'NotFound', `The requested path '${path}' is not served by the local Azure emulator.`),
        );
      }
      if ('methodNotAllowed' in match) {
        return fail(
          new ApiError(
            405,
            flavour === 'graph' ? 'Request_BadRequest' : 'MethodNotAllowed',
            `The requested resource does not support http method '${method}'.`,
          ),
        );
      }

      const apiVersion = flavour === 'arm' ? queryParam(query, 'api-version')! : undefined;
      const unsupported = apiVersion === undefined ? undefined : checkApiVersion(path, apiVersion, (target) => locationOf(core, target));
      if (unsupported) return fail(unsupported);

      const operation = match.route.operation;
      core.countCall(operation);
      const fault = core.requestFaults.take(method, path, operation);
      if (fault) {
        core.countFault(operation);
        core.changed();
        if (fault.action === 'reset') {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        return fail(new ApiError(fault.status, fault.code, fault.message, { headers }));
      }

      if (core.timing.requestLatencyMs > 0) await sleep(core.timing.requestLatencyMs);
      core.advance();

      let body: unknown;
      try {
        body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
      } catch {
        throw flavour === 'graph'
          ? new ApiError(
              400,
              'BadRequest',
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            )
          : new ApiError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
      }
      const host = req.headers.host ?? `${(req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '')}:${req.socket.localPort}`;
      const request: EmulatorRequest = {
        method,
        path,
        query,
        headers: req.headers,
        body,
        origin: `https://${host}`,
        requestId,
        caller: callerOf(req.headers.authorization),
      };
      const reply = await match.route.handler(request, match.params);
      core.changed();
      send(res, method, reply, baseHeaders);
    } catch (error) {
      if (error instanceof ApiError) {
        core.changed();
        return fail(error);
      }
      log(`azure emulator: ${method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail(
        new ApiError(
          500,
          'InternalServerError',
          `The local Azure emulator failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };

  return createServer({ key: parts.tls.key, cert: parts.tls.cert }, (req, res) => {
    void handle(req, res).catch((error) => {
      log(`azure emulator: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}
