// Error texts as aks-engine's go-autorest clients print them, so that FATA lines read like the real tool's:
//   resources.GroupsClient#CreateOrUpdate: Failure responding to request: StatusCode=409 -- Original Error:
//   autorest/azure: Service returned an error. Status=409 Code="Conflict" Message="..."
// and, for a failed deployment, azure.ServiceError: Code="DeploymentFailed" Message="..." Details=[...].
import { sortKeysDeep } from './apimodel/serialize';
import { GraphError } from './azure-clients';

interface ErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: unknown[];
  additionalInfo?: unknown[];
}

/** Go's %q for the strings we print. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** json.Marshal (sorted keys, HTML escaped) of the details array. */
function goJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** azure.ServiceError.Error() */
export function serviceErrorText(error: ErrorBody): string {
  let text = `Code=${quote(error.code ?? '')} Message=${quote(error.message ?? '')}`;
  if (error.target) text += ` Target=${quote(error.target)}`;
  if (error.details && error.details.length > 0) text += ` Details=${goJson(error.details)}`;
  if (error.additionalInfo && error.additionalInfo.length > 0) text += ` AdditionalInfo=${goJson(error.additionalInfo)}`;
  return text;
}

/** The ARM error body carried by an SDK RestError, when there is one. */
export function armErrorBody(error: unknown): ErrorBody | undefined {
  const e = error as { code?: string; message?: string; response?: { bodyAsText?: string | null }; details?: unknown };
  const text = e?.response?.bodyAsText;
  if (text) {
    try {
      const parsed = JSON.parse(text) as { error?: ErrorBody };
      if (parsed.error) return parsed.error;
    } catch {
      // not JSON: fall back to the RestError's own fields
    }
  }
  if (e?.code || e?.message) return { code: e.code, message: e.message };
  return undefined;
}

export function statusCodeOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

/** autorest.DetailedError for a failed ARM or Graph call made by `operation` (e.g. resources.GroupsClient#Get). */
export function autorestErrorText(operation: string, error: unknown): string {
  if (error instanceof GraphError) {
    return (
      `${operation}: Failure responding to request: StatusCode=${error.statusCode} -- Original Error: autorest/azure: ` +
      `Service returned an error. Status=${error.statusCode} Code=${quote(error.code)} Message=${quote(error.message)}`
    );
  }
  const status = statusCodeOf(error);
  if (!status) {
    const message = error instanceof Error ? error.message : String(error);
    return `${operation}: Failure sending request: StatusCode=0 -- Original Error: ${message}`;
  }
  const body = armErrorBody(error) ?? {};
  return (
    `${operation}: Failure responding to request: StatusCode=${status} -- Original Error: ` +
    `autorest/azure: Service returned an error. Status=${status} ${serviceErrorText(body)}`
  );
}
