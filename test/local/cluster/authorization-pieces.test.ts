// The rules behind the stand-in's authorization, checked without processes: how a request is read, how RBAC
// rules match and cover one another, and what the bootstrap roles grant once aggregated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile } from '../../../local/cluster/controllers';
import { freshClusterObjects } from '../../../local/cluster/fresh-cluster';
import { ObjectStore } from '../../../local/cluster/object-store';
import { RbacAuthorizer } from '../../../local/cluster/rbac-authorizer';
import { ruleAllows, uncoveredRules, type Attributes } from '../../../local/cluster/rbac-rules';
import { requestInfo } from '../../../local/cluster/request-info';
import { resourceTypeFor } from '../../../local/cluster/resources';

const shape = {
  dnsPrefix: 'pieces',
  location: 'centralus',
  kubernetesVersion: '1.11.8',
  clusterId: '12345678',
  masters: { count: 1 },
  agentPools: [{ name: 'agent', count: 1 }],
};

const clusterRoleBindings = resourceTypeFor('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')!;

const attributes = (overrides: Partial<Attributes>): Attributes => ({
  user: { name: 'u', groups: ['system:authenticated'] },
  verb: 'get',
  isResourceRequest: true,
  apiGroup: '',
  resource: 'pods',
  subresource: '',
  name: '',
  namespace: 'default',
  path: '',
  ...overrides,
});

describe('stand-in cluster authorization pieces', () => {
  it('reads requests as kube-apiserver does', () => {
    const info = (method: string, url: string) => {
      const { verb, apiGroup, namespace, resource, subresource, name, isResourceRequest } = requestInfo(method, new URL(url, 'https://x'));
      return { verb, apiGroup, namespace, resource, subresource, name, isResourceRequest };
    };
    assert.deepEqual(info('GET', '/api/v1/nodes'), {
      verb: 'list',
      apiGroup: '',
      namespace: '',
      resource: 'nodes',
      subresource: '',
      name: '',
      isResourceRequest: true,
    });
    assert.deepEqual(info('POST', '/api/v1/namespaces/kube-system/pods/dns-1/eviction'), {
      verb: 'create',
      apiGroup: '',
      namespace: 'kube-system',
      resource: 'pods',
      subresource: 'eviction',
      name: 'dns-1',
      isResourceRequest: true,
    });
    // A namespace is its own namespace; a list for one name is a request for that name.
    assert.equal(info('GET', '/api/v1/namespaces/kube-system').namespace, 'kube-system');
    assert.equal(info('GET', '/api/v1/nodes?fieldSelector=metadata.name%3Dn1').name, 'n1');
    assert.equal(info('GET', '/api/v1/nodes?watch=true').verb, 'watch');
    assert.equal(info('GET', '/api/v1/watch/namespaces/default/pods').verb, 'watch');
    assert.equal(info('DELETE', `/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings`).verb, 'deletecollection');
    assert.equal(info('GET', '/apis/rbac.authorization.k8s.io/v1').isResourceRequest, false, 'discovery of a group version');
    assert.deepEqual(info('GET', '/healthz').verb, 'get');
  });

  it('matches rules on verbs, groups, resources, subresources, names and non-resource URLs', () => {
    const rule = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    assert.equal(ruleAllows(attributes({}), rule), true);
    assert.equal(ruleAllows(attributes({ verb: 'list' }), rule), false);
    assert.equal(ruleAllows(attributes({ apiGroup: 'apps' }), rule), false);
    assert.equal(ruleAllows(attributes({ subresource: 'log' }), rule), false, 'pods does not grant pods/log');
    assert.equal(ruleAllows(attributes({ subresource: 'log' }), { ...rule, resources: ['pods/log'] }), true);
    assert.equal(ruleAllows(attributes({ subresource: 'status' }), { ...rule, resources: ['*/status'] }), true);
    assert.equal(ruleAllows(attributes({ name: 'a' }), { ...rule, resourceNames: ['b'] }), false);
    assert.equal(ruleAllows(attributes({ name: 'b' }), { ...rule, resourceNames: ['b'] }), true);
    const urls = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    assert.equal(ruleAllows(attributes({ isResourceRequest: false, path: '/apis/policy' }), urls), true);
    assert.equal(ruleAllows(attributes({ isResourceRequest: false, path: '/metrics' }), urls), false);
    assert.equal(ruleAllows(attributes({ isResourceRequest: false, path: '/healthz' }), rule), false, 'resource rules grant no URLs');
  });

  it('finds the permissions a role would grant beyond the ones held', () => {
    const held = [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['*'], apiGroups: ['apps'], resources: ['*'] },
    ];
    assert.deepEqual(uncoveredRules(held, [{ verbs: ['list'], apiGroups: ['', 'apps'], resources: ['pods'] }]), []);
    assert.deepEqual(uncoveredRules(held, [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }]), [
      { verbs: ['delete'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] },
    ]);
    assert.deepEqual(uncoveredRules(held, [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }]), [
      { verbs: ['get'], apiGroups: [''], resources: ['*'] },
    ]);
  });

  it('grants with the bootstrap policy what a fresh cluster grants', () => {
    const store = new ObjectStore(freshClusterObjects({ shape, caCertificatePem: 'pem' }));
    reconcile(store);
    const authorizer = new RbacAuthorizer(store);
    const bind = (name: string, role: string, group: string) =>
      store.create(clusterRoleBindings, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name, uid: '', resourceVersion: '', creationTimestamp: '' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
      });
    for (const role of ['view', 'edit', 'admin']) bind(`${role}s`, role, `${role}s`);
    const may = (group: string, overrides: Partial<Attributes>) =>
      authorizer.authorize(attributes({ user: { name: 'u', groups: [group, 'system:authenticated'] }, ...overrides })).allowed;

    assert.equal(may('views', { verb: 'list', resource: 'pods' }), true);
    assert.equal(may('views', { verb: 'get', resource: 'secrets' }), false, 'view reads no Secret');
    assert.equal(may('views', { verb: 'list', resource: 'nodes', namespace: '' }), false, 'view has no cluster-scoped reads');
    assert.equal(may('edits', { verb: 'get', resource: 'secrets' }), true);
    assert.equal(may('edits', { verb: 'create', resource: 'pods', subresource: 'eviction' }), true);
    assert.equal(may('edits', { verb: 'create', apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' }), false);
    assert.equal(may('admins', { verb: 'create', apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' }), true);
    assert.equal(may('admins', { verb: 'list', resource: 'secrets' }), true, 'admin aggregates edit, which aggregates view');
    assert.equal(may('nobody', { isResourceRequest: false, path: '/apis/apps/v1' }), true, 'discovery for every authenticated user');
    assert.equal(may('nobody', { isResourceRequest: false, path: '/metrics' }), false);
    assert.equal(authorizer.authorize(attributes({ user: { name: 'root', groups: ['system:masters'] }, verb: 'delete' })).allowed, true);

    const dangling = authorizer.authorize(attributes({ user: { name: 'u', groups: ['views'] }, verb: 'get', resource: 'secrets' }));
    assert.equal(dangling.reason, '');
    bind('dangling', 'no-such-role', 'views');
    assert.equal(
      authorizer.authorize(attributes({ user: { name: 'u', groups: ['views'] }, verb: 'get', resource: 'secrets' })).reason,
      'RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found',
    );
  });
});
