// The object id of the identity the app runs as, read from its own ARM token (the "oid" claim), so the
// app can grant itself Contributor on the resource groups it creates without another setting.
import type { Settings } from '../config/settings';
import { appCredential } from './credential';

let cached: Promise<string> | undefined;

export function appPrincipalObjectId(settings: Settings): Promise<string> {
  cached ??= (async () => {
    const token = await appCredential(settings).getToken(`${settings.armAudience}/.default`);
    const payload = token?.token.split('.')[1];
    const claims = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: string }) : {};
    if (!claims.oid) throw new Error("The app's ARM token carries no object id (oid claim).");
    return claims.oid;
  })().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
