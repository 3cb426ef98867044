// The identity the app acts as: its managed identity (user-assigned when AZURE_CLIENT_ID is set). The
// platform tells the identity library where to get tokens (IDENTITY_ENDPOINT / IDENTITY_HEADER).
import type { TokenCredential } from '@azure/core-auth';
import { ManagedIdentityCredential } from '@azure/identity';
import type { Settings } from '../config/settings';

let credential: TokenCredential | undefined;

export function appCredential(settings: Settings): TokenCredential {
  credential ??= settings.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: settings.managedIdentityClientId })
    : new ManagedIdentityCredential();
  return credential;
}
