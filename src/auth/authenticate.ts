// The bearer token of a request, validated: the caller, or a 401 in the guideline envelope with an RFC 6750
// WWW-Authenticate header. Validation problems on our side (the issuer unreachable) are a 503, not a 401.
import type { HttpRequest } from '@azure/functions';
import type { Settings } from '../config/settings';
import { ApiError } from '../api/errors';
import type { Caller } from './caller';
import { InvalidTokenError, TokenValidator } from './token-validator';

let validator: TokenValidator | undefined;

function unauthorized(description: string): ApiError {
  const challenge = `Bearer realm="aks-cosmos-provisioner", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
  return new ApiError(401, 'InvalidAuthenticationToken', description, 'Authorization', undefined, { 'www-authenticate': challenge });
}

export async function authenticate(request: HttpRequest, settings: Settings): Promise<Caller> {
  const header = request.headers.get('authorization');
  if (!header) throw unauthorized('The request has no bearer token; send Authorization: Bearer <token> from Microsoft Entra ID.');
  const match = /^Bearer +([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_.+/=]*) *$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header is not a bearer token.');
  validator ??= new TokenValidator(settings);
  try {
    return await validator.validate(match[1]!);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message);
    throw new ApiError(
      503,
      'TokenValidationUnavailable',
      'Tokens cannot be validated right now (the issuer did not answer); retry shortly.',
      undefined,
      undefined,
      {
        'retry-after': '10',
      },
    );
  }
}
