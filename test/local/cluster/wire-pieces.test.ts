// How the stand-in reads what clients send: patches, field selectors, and kubectl's protobuf bodies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSelectorPredicate } from '../../../local/cluster/field-selector';
import { applyPatch, PatchError } from '../../../local/cluster/patch';
import { decodeKubernetesProtobuf, ProtobufError } from '../../../local/cluster/protobuf';
import { resourceTypeFor } from '../../../local/cluster/resources';

const pods = resourceTypeFor('', 'v1', 'pods')!;
const nodes = resourceTypeFor('', 'v1', 'nodes')!;

describe('stand-in cluster wire pieces', () => {
  it('applies merge, strategic merge and JSON patches', () => {
    const node = { metadata: { name: 'n', labels: { a: '1', b: '2' } }, spec: { taints: [{ key: 'x' }] } };
    assert.deepEqual(applyPatch('application/strategic-merge-patch+json', node, { spec: { unschedulable: true } }), {
      ...node,
      spec: { taints: [{ key: 'x' }], unschedulable: true },
    });
    assert.deepEqual(
      (applyPatch('application/merge-patch+json', node, { metadata: { labels: { a: null, c: '3' } } }) as typeof node).metadata,
      {
        name: 'n',
        labels: { b: '2', c: '3' },
      },
    );
    assert.deepEqual(
      applyPatch('application/strategic-merge-patch+json', node, {
        metadata: { labels: { $patch: 'replace', z: '9' } },
        $setElementOrder: {},
      }),
      { ...node, metadata: { name: 'n', labels: { z: '9' } } },
    );
    assert.deepEqual(
      applyPatch('application/json-patch+json', node, [
        { op: 'add', path: '/spec/taints/-', value: { key: 'y' } },
        { op: 'remove', path: '/metadata/labels/a' },
        { op: 'test', path: '/metadata/name', value: 'n' },
      ]),
      { metadata: { name: 'n', labels: { b: '2' } }, spec: { taints: [{ key: 'x' }, { key: 'y' }] } },
    );
    assert.throws(() => applyPatch('application/json-patch+json', node, [{ op: 'replace', path: '/nope/x', value: 1 }]), PatchError);
    assert.deepEqual(node.metadata.labels, { a: '1', b: '2' }, 'the target is not modified');
  });

  it('selects by the fields each resource indexes and refuses the others', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', uid: '', resourceVersion: '', creationTimestamp: '' },
    };
    const onNode = { ...pod, spec: { nodeName: 'k8s-agent-1' }, status: { phase: 'Running' } };
    assert.equal(fieldSelectorPredicate(pods, 'spec.nodeName=k8s-agent-1')(onNode), true);
    assert.equal(fieldSelectorPredicate(pods, 'spec.nodeName=k8s-agent-1,status.phase!=Running')(onNode), false);
    assert.equal(fieldSelectorPredicate(pods, 'metadata.namespace==ns')(onNode), true);
    assert.equal(fieldSelectorPredicate(nodes, 'spec.unschedulable=false')({ ...pod, kind: 'Node', spec: {} }), true);
    assert.throws(() => fieldSelectorPredicate(nodes, 'spec.nodeName=x'), /^Error: field label not supported: spec.nodeName$/);
    assert.throws(() => fieldSelectorPredicate(pods, 'nonsense'), /invalid selector: 'nonsense'; can't understand 'nonsense'/);
  });

  it('decodes the protobuf body kubectl auth can-i sends', () => {
    // As kubectl v1.32 sent it for `kubectl auth can-i delete nodes/status -n foo`.
    const body = Buffer.from(
      '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f763112175365' +
        '6c665375626a6563744163636573735265766965771242' +
        '0a100a0012001a0022002a00320038004200' +
        '12240a220a03666f6f120664656c6574651a0022002a056e6f64657332003a06737461747573' +
        '1a0808001200 1a0020001a002200'.replace(/ /g, ''),
      'hex',
    );
    assert.deepEqual(decodeKubernetesProtobuf(body), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'foo', verb: 'delete', resource: 'nodes', name: 'status' } },
    });
    assert.throws(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')), ProtobufError);
  });
});
