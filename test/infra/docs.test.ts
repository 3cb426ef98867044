// The deployment guide says what the infrastructure does: the azd outputs it reads exist, the role and
// condition it prints are the ones deployed, and the steps a user needs are all there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { repoRoot } from '../support/process';
import { bicepFile, infraDir, mainBicep, nested, resourceBody, value } from './support/infra';

const guide = fs.readFileSync(path.join(repoRoot, 'docs', 'deploy-to-azure.md'), 'utf8');
const roleFile = () => bicepFile(path.join(infraDir, 'modules', 'provisioner-role.bicep'));

describe('docs/deploy-to-azure.md', () => {
  test('every azd output it reads is an output of infra/main.bicep', () => {
    const read = [...guide.matchAll(/azd env get-value ([A-Z0-9_]+)/g)].map((m) => m[1]!);
    assert.ok(read.length > 0);
    const outputs = bicepFile(mainBicep).outputs;
    assert.deepEqual(read.filter((name) => !outputs.has(name)), []);
  });

  test('lists exactly the actions of the custom role', () => {
    const role = roleFile();
    const permissions = value(nested(role, resourceBody(role, 'provisionerRole'), 'properties'), 'permissions');
    const deployed = permissions.filter((t) => t.kind === 'string').map((t) => t.value!).sort();
    const section = guide.slice(guide.indexOf('## What the app may do'), guide.indexOf('## What it costs'));
    const documented = [...new Set([...section.matchAll(/`(Microsoft\.[A-Za-z]+\/[A-Za-z/]+)`/g)].map((m) => m[1]!))].sort();
    assert.deepEqual(documented, deployed);
  });

  test('prints the condition that is deployed', () => {
    const role = roleFile();
    const token = role.vars.get('assignContributorToServicePrincipalsOnly')!.valueTokens[0]!;
    const contributor = role.vars.get('contributorRoleId')!.valueTokens[0]!.value!;
    const deployed = token.text.slice(1, -1).replaceAll('${contributorRoleId}', contributor).replace(/\\'/g, "'");
    const block = /```\n(\(\(!\(ActionMatches[\s\S]*?)```/.exec(guide)?.[1];
    assert.ok(block, 'the guide shows the condition in a code block');
    const squash = (s: string) => s.replace(/\s+/g, '').trim();
    assert.equal(squash(block), squash(deployed));
  });

  test('covers the prerequisites, the Graph grant, calling with a key, rotating keys and costs', () => {
    for (const needle of [
      'https://aka.ms/cosmosetcdapi-signup',
      'centralus',
      'Owner',
      'azd up',
      'Application.ReadWrite.OwnedBy',
      'Application.ReadWrite.All',
      '18a4783c-866b-4cc7-a460-3d5e5662c884',
      'New-MgServicePrincipalAppRoleAssignment',
      'az functionapp keys list',
      'x-functions-key',
      '?code=',
      'POST "$APP_URL/api/clusters"',
      '$APP_URL/api/clusters/demo1',
      'az functionapp keys set',
      'az functionapp keys delete',
      'masterKey',
      'EP1',
      'DELETE /api/clusters/{name}',
      'sha256sum',
    ]) {
      assert.ok(guide.includes(needle), `the guide mentions ${needle}`);
    }
  });

  test('the port it names is the one the infrastructure and image use', () => {
    const functionApp = bicepFile(path.join(infraDir, 'modules', 'functionapp.bicep'));
    const port = functionApp.vars.get('containerPort')!.valueTokens[0]!.value!;
    assert.ok(guide.includes(`WEBSITES_PORT=${port}`));
  });
});

describe('deployment files', () => {
  test('name no path of a particular machine', () => {
    const files = ['Dockerfile', '.dockerignore', 'azure.yaml', 'docs/deploy-to-azure.md'];
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`],
      );
    files.push(...walk('infra'), ...walk('test/infra'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      assert.doesNotMatch(text, /\/work\/|\/root\/|\/Users\/[^/\s]+\/|C:\\Users\\/, file);
    }
  });
});
