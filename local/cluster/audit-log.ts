// The API server's audit log (--audit-log-path): one audit.k8s.io/v1 Event per request at the Metadata level,
// as JSON lines, naming the user and groups the request was authenticated as and the authorization decision.
import { appendFileSync } from 'node:fs';
import type { RequestInfo } from './request-info';

export interface AuditEntry {
  auditId: string;
  info: RequestInfo;
  requestUri: string;
  user?: { name: string; groups: string[] };
  impersonatedUser?: { name: string; groups: string[] };
  sourceIp: string;
  userAgent?: string;
  code: number;
  received: Date;
  decision?: { allowed: boolean; reason: string };
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: { username?: string; groups?: string[] };
  impersonatedUser?: { username: string; groups: string[] };
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: Record<string, string>;
  responseStatus: { metadata: Record<string, never>; code: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export class AuditLog {
  constructor(readonly path: string) {}

  record(entry: AuditEntry): void {
    // Health probes would drown everything else, as they do in aks-engine's audit policy.
    if (entry.info.path.startsWith('/healthz')) return;
    const info = entry.info;
    const event: AuditEvent = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: entry.auditId,
      stage: 'ResponseComplete',
      requestURI: entry.requestUri,
      verb: info.verb,
      user: entry.user ? { username: entry.user.name, groups: entry.user.groups } : {},
      ...(entry.impersonatedUser
        ? { impersonatedUser: { username: entry.impersonatedUser.name, groups: entry.impersonatedUser.groups } }
        : {}),
      sourceIPs: [entry.sourceIp],
      ...(entry.userAgent ? { userAgent: entry.userAgent } : {}),
      ...(info.isResourceRequest ? { objectRef: objectRef(info) } : {}),
      responseStatus: { metadata: {}, code: entry.code },
      requestReceivedTimestamp: microseconds(entry.received),
      stageTimestamp: microseconds(new Date()),
      ...(entry.decision
        ? {
            annotations: {
              'authorization.k8s.io/decision': entry.decision.allowed ? 'allow' : 'forbid',
              'authorization.k8s.io/reason': entry.decision.reason,
            },
          }
        : {}),
    };
    appendFileSync(this.path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  }
}

function objectRef(info: RequestInfo): Record<string, string> {
  const ref: Record<string, string> = { resource: info.resource };
  if (info.namespace) ref.namespace = info.namespace;
  if (info.name) ref.name = info.name;
  if (info.apiGroup) ref.apiGroup = info.apiGroup;
  ref.apiVersion = info.apiVersion;
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

/** Audit timestamps carry microseconds: 2019-03-01T10:00:00.123000Z. */
function microseconds(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
