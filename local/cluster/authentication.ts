// Who is calling, as kube-apiserver's authenticators decide it: a client certificate that chains to the
// cluster CA and is within its validity period names the user (subject CN) and groups (every subject O);
// otherwise a service account token signed with the service account key. Everyone authenticated is also
// in system:authenticated; anyone else gets 401 (aks-engine turns anonymous requests off).
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { ObjectStore } from './object-store';
import type { User } from './rbac-authorizer';
import { resourceTypeFor } from './resources';
import { verifyServiceAccountToken } from './service-account-tokens';

const commonNameOid = '2.5.4.3';
const organizationOid = '2.5.4.10';
const secrets = resourceTypeFor('', 'v1', 'secrets')!;
const serviceAccounts = resourceTypeFor('', 'v1', 'serviceaccounts')!;

export interface Authenticated extends User {
  /** How: the client certificate's serial number (hex), or "serviceaccount". */
  via: string;
}

export interface AuthenticatorOptions {
  store: ObjectStore;
  /** Verifies service account tokens (the public half of aks-engine's apiserver.key). */
  serviceAccountKey: KeyObject;
}

export function authenticate(request: IncomingMessage, options: AuthenticatorOptions): Authenticated | undefined {
  return fromClientCertificate(request.socket as TLSSocket) ?? fromBearerToken(request.headers.authorization, options);
}

/**
 * TLS has already checked the chain to the cluster CA and the validity period (OpenSSL rejects an expired or
 * not yet valid certificate, and one without the clientAuth purpose); the subject then names the user.
 */
function fromClientCertificate(socket: TLSSocket): Authenticated | undefined {
  if (!socket.authorized) return undefined;
  // Read once per connection: every request of a kept-alive connection comes from the same certificate.
  if (!byConnection.has(socket)) byConnection.set(socket, subjectOf(socket));
  const user = byConnection.get(socket);
  return user && { ...user, groups: [...user.groups] };
}

const byConnection = new WeakMap<TLSSocket, Authenticated | undefined>();

function subjectOf(socket: TLSSocket): Authenticated | undefined {
  const raw = socket.getPeerCertificate()?.raw;
  if (!raw) return undefined;
  const certificate = AsnConvert.parse(raw, Certificate);
  let name = '';
  const organizations: string[] = [];
  for (const rdn of certificate.tbsCertificate.subject) {
    for (const attribute of rdn) {
      // Go's pkix.Name keeps the last CN and every O, in order.
      if (attribute.type === commonNameOid) name = attribute.value.toString();
      if (attribute.type === organizationOid) organizations.push(attribute.value.toString());
    }
  }
  if (!name) return undefined;
  const serial = Buffer.from(certificate.tbsCertificate.serialNumber).toString('hex');
  return { name, groups: [...organizations, 'system:authenticated'], via: serial };
}

function fromBearerToken(header: string | undefined, options: AuthenticatorOptions): Authenticated | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) return undefined;
  const claims = verifyServiceAccountToken(options.serviceAccountKey, token);
  if (!claims) return undefined;
  // A token outlives neither its secret nor its service account.
  const secret = options.store.get(secrets, claims.secretName, claims.namespace);
  const stored = (secret?.data as Record<string, string> | undefined)?.token;
  if (!stored || Buffer.from(stored, 'base64').toString('utf8') !== token) return undefined;
  const account = options.store.get(serviceAccounts, claims.serviceAccountName, claims.namespace);
  if (!account || account.metadata.uid !== claims.serviceAccountUid) return undefined;
  return {
    name: `system:serviceaccount:${claims.namespace}:${claims.serviceAccountName}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${claims.namespace}`, 'system:authenticated'],
    via: 'serviceaccount',
  };
}
