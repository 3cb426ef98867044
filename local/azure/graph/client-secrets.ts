// Client secrets of applications: addPassword returns the secret once and keeps only its SHA-256, so that the
// local identity can check a client id and secret (as Entra's token endpoint does) without the state holding it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import { findApplicationByAppId } from './directory';

/** The internal field a password credential keeps; views never show it. */
export const SECRET_HASH = 'secretHash';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What the directory says about a client id and secret. */
export type ClientSecretCheck =
  | { result: 'valid'; appId: string; displayName: string; servicePrincipalId?: string }
  | { result: 'unknownClient' }
  | { result: 'invalidSecret' }
  | { result: 'expiredSecret' };

export function verifyClientSecret(core: EmulatorCore, clientId: string, secret: string): ClientSecretCheck {
  const application = findApplicationByAppId(core, clientId);
  if (!application) return { result: 'unknownClient' };
  const wanted = Buffer.from(hashSecret(secret), 'hex');
  const credentials = (application.object.passwordCredentials as Array<Record<string, unknown>>) ?? [];
  const matching = credentials.find((credential) => {
    const stored = typeof credential[SECRET_HASH] === 'string' ? Buffer.from(credential[SECRET_HASH], 'hex') : undefined;
    return stored !== undefined && stored.length === wanted.length && timingSafeEqual(stored, wanted);
  });
  if (!matching) return { result: 'invalidSecret' };
  const now = core.now();
  const start = Date.parse(String(matching.startDateTime));
  const end = Date.parse(String(matching.endDateTime));
  if (!(now >= start - 300_000 && now < end)) return { result: 'expiredSecret' };
  const appId = String(application.object.appId);
  const servicePrincipal = Object.values(core.state.servicePrincipals).find(
    (record) => String(record.object.appId).toLowerCase() === appId.toLowerCase(),
  );
  return {
    result: 'valid',
    appId,
    displayName: String(application.object.displayName),
    ...(servicePrincipal ? { servicePrincipalId: String(servicePrincipal.object.id) } : {}),
  };
}
