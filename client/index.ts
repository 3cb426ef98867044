// The client's public surface for TypeScript tools: the client, sign-in, errors, polling helpers and the contract's types.
export { AksCosmosClient, type CallOptions, type ClientOptions, type LinkOptions, type WaitOptions } from './api-client';
export { clientSecretCredentialFromEnvironment, defaultScope, isPublicAuthorityHost, signInFromEnvironment, type SignIn } from './auth';
export { ApiError, SignInError, UnreachableError, WaitTimeoutError, type ErrorBody } from './errors';
export { inProgressStates, isInProgress, isSuccessful, isTransient, retryAfterMs } from './polling';
export type * from './types';
