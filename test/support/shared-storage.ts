// One Azurite for a whole test run: the suite runner starts it with many storage accounts, and each test stack
// claims an account of its own, so stacks never see each other's blobs. Starting Azurite costs about two seconds
// of CPU, which once per stack was a sixth of the suite's time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { accountAccess, startAzurite, type RunningAzurite, type StorageAccount } from '../../local/stack/azurite';
import { repoRoot } from './process';

/** Set by the suite runner for the test processes it starts. */
export const sharedStorageVariable = 'AKS_COSMOS_TEST_STORAGE';

export interface SharedStorage {
  serviceUrl: string;
  accounts: StorageAccount[];
  /** A folder where a test process claims an account by creating a folder of its name (atomic). */
  claimDir: string;
}

/** Accounts for a shared Azurite: names as Azure allows them (3-24 lowercase letters and digits), random keys. */
export function storageAccounts(count: number): StorageAccount[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `suite${String(index).padStart(4, '0')}`,
    key: crypto.randomBytes(64).toString('base64'),
  }));
}

/**
 * An account of the run's shared Azurite no other stack has claimed, or undefined when this process was not
 * started by the suite runner (or every account is taken): the stack then starts an Azurite of its own.
 */
export function claimSharedStorage(): RunningAzurite | undefined {
  const value = process.env[sharedStorageVariable];
  if (!value) return undefined;
  const shared = JSON.parse(value) as SharedStorage;
  for (const account of shared.accounts) {
    try {
      fs.mkdirSync(path.join(shared.claimDir, account.name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    // The runner stops Azurite once the run ends; a stack only lets go of its account.
    return { ...accountAccess(shared.serviceUrl, account), serviceUrl: shared.serviceUrl, stop: async () => undefined };
  }
  return undefined;
}

/** Storage for a test file without a stack: an account of the run's Azurite, or an Azurite of its own. Stop it after. */
export async function testStorage(): Promise<RunningAzurite> {
  return claimSharedStorage() ?? (await startAzurite({ root: repoRoot }));
}
