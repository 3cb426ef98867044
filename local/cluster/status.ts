// metav1.Status bodies, the error shape every Kubernetes client expects.

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; kind?: string; group?: string };
  code: number;
}

export function failureStatus(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export const unauthorized = () => failureStatus(401, 'Unauthorized', 'Unauthorized');

export const pathNotFound = () => failureStatus(404, 'NotFound', 'the server could not find the requested resource', {});

export const objectNotFound = (resource: string, name: string) =>
  failureStatus(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
