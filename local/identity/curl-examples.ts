// The shell command `npm start` prints to get an API token for a local client with curl: the client-credentials
// grant against the v2 token endpoint, the CA trusted with --cacert and the secret read from its file (so that
// it never appears on screen), the access_token cut out with sed. Tests run it as printed.
import type { LocalClientName } from './directory';
import type { LocalIdentity } from './local-identity';

/** Double-quoted for sh: safe for paths with spaces. */
function quoted(value: string): string {
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** `TOKEN=$(curl ...)` for the client; needs the identity to have been started with a dataDir (for the secret file). */
export function tokenCurlCommand(identity: LocalIdentity, client: LocalClientName, caFile: string): string {
  const secretFile = identity.secretFile(client);
  if (!secretFile) throw new Error('the local identity keeps client secrets in files only when started with a dataDir');
  return [
    `TOKEN=$(curl -s --cacert ${quoted(caFile)} ${identity.tokenEndpoint}`,
    `-d grant_type=client_credentials -d client_id=${identity.clients[client].clientId}`,
    `--data-urlencode client_secret@${quoted(secretFile)}`,
    `--data-urlencode scope=${identity.api.identifierUri}/.default`,
    `| sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
  ].join(' ');
}
