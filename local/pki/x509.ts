// The X.509 building blocks live with the product (it mints per-caller client certificates); the local stack
// uses the same module for the simulators' certificates.
export * from '../../src/pki/x509';
