// What every resource handler gets (the parsed request, the caller, the store) and gives back (a status and a body).
import type { IncomingHttpHeaders } from 'node:http';
import type { KubeObject } from './kube-object';
import type { ObjectStore } from './object-store';
import type { RbacAuthorizer, User } from './rbac-authorizer';
import type { RequestInfo } from './request-info';
import type { ResourceType } from './resources';
import { patchContentTypes } from './patch';
import { decodeKubernetesProtobuf, ProtobufError, protobufContentType } from './protobuf';
import { badRequest, unsupportedMediaType, type StatusBody } from './status';

export interface Reply {
  code: number;
  body: object;
}

export interface ResourceRequest {
  info: RequestInfo;
  url: URL;
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  user: User;
  type: ResourceType;
  /** Undefined for cluster-scoped types and for namespaced lists across all namespaces. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface Services {
  store: ObjectStore;
  authorizer: RbacAuthorizer;
}

/** Thrown by handlers to answer with a Status. */
export class StatusError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
  }
}

export const reply = (code: number, body: object): Reply => ({ code, body });
export const statusReply = (status: StatusBody): Reply => ({ code: status.code, body: status });

/**
 * The body of a write: JSON, or protobuf (kubectl's typed commands send it) for the kinds protobuf.ts knows.
 * YAML and other kinds in protobuf are refused with 415.
 */
export function parseJsonBody(request: ResourceRequest): unknown {
  const contentType = String(request.headers['content-type'] ?? 'application/json')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (contentType === protobufContentType) {
    try {
      return decodeKubernetesProtobuf(request.body);
    } catch (error) {
      if (error instanceof ProtobufError) throw new StatusError(unsupportedMediaType('application/json'));
      throw error;
    }
  }
  const json = contentType === 'application/json' || contentType === '' || patchContentTypes.includes(contentType);
  if (!json) throw new StatusError(unsupportedMediaType(`application/json, ${protobufContentType}`));
  const text = request.body.toString('utf8');
  if (text.trim() === '') throw new StatusError(badRequest('the body of the request is empty'));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StatusError(badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`));
  }
}

/** dryRun=All: admission and validation run, nothing is stored. */
export function isDryRun(request: ResourceRequest): boolean {
  return request.url.searchParams.getAll('dryRun').includes('All');
}

/** Items of a list carry no kind or apiVersion of their own, as kube-apiserver serves built-in types. */
export function listBody(type: ResourceType, apiVersion: string, resourceVersion: string, items: KubeObject[], selfLink: string) {
  return {
    kind: `${type.kind}List`,
    apiVersion,
    metadata: { selfLink, resourceVersion },
    items: items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest),
  };
}
