// Durable registrations for credentials: the sweeper that deletes minted kubeconfigs once their links expired.
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { issuedCredentialsSweeper, purgeExpiredCredentials, sweepActivityName, sweeperOrchestratorName } from '../credentials/sweeper';

df.app.orchestration(sweeperOrchestratorName, issuedCredentialsSweeper);
df.app.activity(sweepActivityName, { handler: purgeExpiredCredentials(settings()) });
