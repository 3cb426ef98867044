// Entra ID's OAuth error answers: {error, error_description "AADSTSnnnn: ... Trace ID ... Correlation ID ...
// Timestamp ...", error_codes, timestamp, trace_id, correlation_id, error_uri}, with the status Entra uses.
import { randomUUID } from 'node:crypto';

export interface OAuthErrorReply {
  status: number;
  body: Record<string, unknown>;
}

export interface AadstsError {
  status: number;
  error: string;
  code: number;
  message: string;
}

/** "2024-05-01 10:11:12Z", Entra's timestamp format. */
function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function oauthErrorReply(failure: AadstsError, authorityHost: string, correlationId: string = randomUUID()): OAuthErrorReply {
  const traceId = randomUUID();
  const timestamp = entraTimestamp(new Date());
  // Entra separates the parts with CRLF.
  const description = [
    `AADSTS${failure.code}: ${failure.message}`,
    `Trace ID: ${traceId}`,
    `Correlation ID: ${correlationId}`,
    `Timestamp: ${timestamp}`,
  ].join('\r\n');
  return {
    status: failure.status,
    body: {
      error: failure.error,
      error_description: description,
      error_codes: [failure.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${authorityHost}/error?code=${failure.code}`,
    },
  };
}

const wrongTenantHint =
  'This can happen if the application has not been installed by the administrator of the tenant ' +
  'or consented to by any user in the tenant. ' +
  'You may have sent your authentication request to the wrong tenant.';

export const aadsts = {
  missingParameter: (name: string): AadstsError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (grantType: string): AadstsError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    message: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  tenantNotFound: (tenant: string, error = 'invalid_request'): AadstsError => ({
    status: 400,
    error,
    code: 90002,
    message:
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
      'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.',
  }),
  scopeWithoutDefault: (scope: string): AadstsError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    message:
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default ` +
      'suffixed to the resource identifier (application ID URI).',
  }),
  tooManyScopes: (scope: string): AadstsError => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    message:
      "The provided request must include a 'scope' input parameter. " +
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  resourceNotFound: (resource: string, tenantName: string): AadstsError => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. ${wrongTenantHint}`,
  }),
  missingClientCredential: (): AadstsError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidClientSecret: (clientId: string): AadstsError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message:
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, ' +
      `for a secret added to app '${clientId}'.`,
  }),
  expiredClientSecret: (clientId: string): AadstsError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    message:
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: ` +
      'https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.',
  }),
  unknownClient: (clientId: string, tenantName: string): AadstsError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. ${wrongTenantHint}`,
  }),
  missingServicePrincipal: (clientId: string, tenantId: string): AadstsError => ({
    status: 400,
    error: 'invalid_client',
    code: 7000229,
    message: `The client application ${clientId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  }),
};
