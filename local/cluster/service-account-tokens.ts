// Service account token secrets as Kubernetes 1.11's token controller writes them: an RS256 JWT signed with
// the key kube-apiserver verifies them with (aks-engine passes apiserver.key as --service-account-key-file).
import { createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import type { KubeObject } from './kube-object';

const issuer = 'kubernetes/serviceaccount';

export interface ServiceAccountClaims {
  namespace: string;
  serviceAccountName: string;
  serviceAccountUid: string;
  secretName: string;
}

export function signServiceAccountToken(privateKeyPem: string, claims: ServiceAccountClaims): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', kid: '' });
  const payload = encode({
    iss: issuer,
    'kubernetes.io/serviceaccount/namespace': claims.namespace,
    'kubernetes.io/serviceaccount/secret.name': claims.secretName,
    'kubernetes.io/serviceaccount/service-account.name': claims.serviceAccountName,
    'kubernetes.io/serviceaccount/service-account.uid': claims.serviceAccountUid,
    sub: `system:serviceaccount:${claims.namespace}:${claims.serviceAccountName}`,
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKeyPem).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The claims of a token signed with the key of this certificate, or undefined when it is not one. */
export function verifyServiceAccountToken(publicKey: KeyObject, token: string): ServiceAccountClaims | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length) return undefined;
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    if (alg !== 'RS256') return undefined;
    const valid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature, 'base64url'));
    if (!valid) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (claims.iss !== issuer) return undefined;
    const text = (key: string) =>
      typeof claims[`kubernetes.io/serviceaccount/${key}`] === 'string' ? String(claims[`kubernetes.io/serviceaccount/${key}`]) : '';
    const result = {
      namespace: text('namespace'),
      serviceAccountName: text('service-account.name'),
      serviceAccountUid: text('service-account.uid'),
      secretName: text('secret.name'),
    };
    return Object.values(result).every(Boolean) ? result : undefined;
  } catch {
    return undefined;
  }
}

export function publicKeyOfCertificate(certificatePem: string): KeyObject {
  return createPublicKey(certificatePem);
}

/** The kubernetes.io/service-account-token secret of a service account. */
export function tokenSecret(serviceAccount: KubeObject, secretName: string, caCertificatePem: string, token: string): KubeObject {
  const namespace = serviceAccount.metadata.namespace!;
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretName,
      namespace,
      uid: '',
      resourceVersion: '0',
      creationTimestamp: serviceAccount.metadata.creationTimestamp,
      annotations: {
        'kubernetes.io/service-account.name': serviceAccount.metadata.name,
        'kubernetes.io/service-account.uid': serviceAccount.metadata.uid,
      },
    },
    type: 'kubernetes.io/service-account-token',
    data: { 'ca.crt': base64(caCertificatePem), namespace: base64(namespace), token: base64(token) },
  };
}
