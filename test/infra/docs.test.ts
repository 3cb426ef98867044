// The deployment guide says what the infrastructure and the app do: the azd outputs it reads exist, the role and
// condition it prints are the ones deployed, the app roles, settings and function timeout it names are the real
// ones, its curl examples call routes and parameters of the contract, and the steps a user needs are all there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { parse as parseYaml } from 'yaml';

import { allRoles } from '../../src/auth/caller';
import { settingNames } from '../../src/config/settings';
import { repoRoot } from '../support/process';
import { appSettings, bicepFile, infraDir, mainBicep, mainParameters, nested, resourceBody, value } from './support/infra';

const guide = fs.readFileSync(path.join(repoRoot, 'docs', 'deploy-to-azure.md'), 'utf8');
const roleFile = () => bicepFile(path.join(infraDir, 'modules', 'provisioner-role.bicep'));

/** The text of the guide from a heading to the next heading of the same or a higher level. */
function sectionOf(heading: string): string {
  const start = guide.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `the guide has a section "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = guide.slice(start + heading.length + 2);
  const next = new RegExp(`^#{1,${level}} `, 'm').exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** The rows of the first Markdown table in a stretch of text, as cells. */
function tableRows(text: string): string[][] {
  const rows = text.split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
}

interface OpenApiParameter {
  name?: string;
  in?: string;
  $ref?: string;
  schema?: { enum?: string[] };
}
type OpenApiPath = Record<string, { parameters?: OpenApiParameter[] }> & { parameters?: OpenApiParameter[] };
const contract = parseYaml(fs.readFileSync(path.join(repoRoot, 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, OpenApiPath>;
  components: { parameters: Record<string, OpenApiParameter> };
};
const resolve = (p: OpenApiParameter) => (p.$ref ? contract.components.parameters[p.$ref.split('/').pop()!]! : p);

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

  test('covers the prerequisites, the Graph grants, roles, tokens, kubeconfigs, the audit trail, quotas and costs', () => {
    for (const needle of [
      'https://aka.ms/cosmosetcdapi-signup',
      'centralus',
      'Owner',
      'azd up',
      'Application Developer',
      'Application.ReadWrite.OwnedBy',
      'Application.ReadWrite.All',
      '18a4783c-866b-4cc7-a460-3d5e5662c884',
      'New-MgServicePrincipalAppRoleAssignment',
      // giving a tool or a person a role, and getting a token
      '/appRoleAssignedTo',
      'az ad app permission add',
      'az ad app permission admin-consent',
      'Enterprise applications',
      'grant_type=client_credentials',
      '/.default',
      'az account get-access-token --resource api://aks-cosmos-provisioner',
      'Authorization: Bearer',
      'error="invalid_token"',
      'AADSTS501051',
      // calling, kubeconfigs, break-glass
      'POST "$APP_URL/api/clusters"',
      '$APP_URL/api/clusters/demo1',
      'expiresInMinutes',
      'access=view',
      'aks-cosmos:viewers',
      'aks-cosmos:admins',
      'access=break-glass',
      'kubectl --kubeconfig',
      // the audit trail and its optional immutability policy
      'audit-trail',
      'az storage container immutability-policy create',
      '--allow-protected-append-writes true',
      // quotas, host keys, costs
      '/api/quotas/me',
      'QuotaExceeded',
      'masterKey',
      'EP1',
      'DELETE /api/clusters/{name}',
      'sha256sum',
      'az ad app delete',
      'auth.useAzCliAuth',
    ]) {
      assert.ok(guide.includes(needle), `the guide mentions ${needle}`);
    }
  });

  test('no longer tells callers to use function keys', () => {
    assert.doesNotMatch(guide, /x-functions-key|\?code=|functionKeys|az functionapp keys list/);
  });

  test('names the four app roles the app checks and the registration declares', () => {
    const rows = tableRows(sectionOf('### The four app roles'));
    assert.deepEqual(rows.map((r) => r[0]).sort(), allRoles.map((r) => `\`${r}\``).sort());
    const registration = bicepFile(path.join(infraDir, 'modules', 'api-registration.bicep'));
    const declared = registration.vars.get('roles')!.valueTokens.filter((t, i, all) => all[i - 2]?.text === 'value').map((t) => t.value);
    assert.deepEqual(declared.sort(), [...allRoles].sort());
    assert.match(rows.find((r) => r[0] === '`Clusters.Read`')![1]!, /never sees a secret/);
  });

  test('the identifier URI it uses is the default of the infrastructure and of the contract', () => {
    const uri = /^\$\{API_IDENTIFIER_URI=(.*)\}$/.exec(mainParameters().apiIdentifierUri ?? '')?.[1];
    assert.equal(uri, 'api://aks-cosmos-provisioner');
    assert.ok(guide.includes(`\`${uri}\``));
    assert.ok(fs.readFileSync(path.join(repoRoot, 'openapi.yaml'), 'utf8').includes(`${uri}/.default`));
  });

  test("its settings table lists every setting the app reads, and says which ones infra/ sets", () => {
    const rows = tableRows(sectionOf('## Settings'));
    const documented = rows.map((r) => /^`([A-Z0-9_]+)`$/.exec(r[0]!)?.[1]);
    assert.deepEqual([...documented].sort(), [...settingNames].sort());
    const setByInfra = new Set(appSettings().map((e) => e.key));
    for (const row of rows) {
      const name = row[0]!.slice(1, -1);
      assert.equal(row[1]!.startsWith('**set**'), setByInfra.has(name), `${name}: "${row[1]}"`);
      if (!setByInfra.has(name)) assert.equal(row[1], 'default', name);
    }
  });

  test("it names host.json's function timeout and why a longer activity is safe", () => {
    const hostJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'host.json'), 'utf8')) as { functionTimeout: string };
    const section = sectionOf('### The function timeout');
    assert.ok(section.includes(`"functionTimeout": "${hostJson.functionTimeout}"`));
    for (const reason of ['at least once', 'converges', 'ACTIVITY_LEASE_SECONDS', '60 minutes']) {
      assert.ok(section.includes(reason), `the section says why: ${reason}`);
    }
  });

  test('its curl examples call routes, methods and query parameters of the contract', () => {
    const calls = [...guide.matchAll(/curl [^\n]*?(?:-X (GET|POST|PUT|PATCH|DELETE) )?"\$APP_URL\/api(\/[^"?]*)(?:\?([^"]*))?"/g)];
    assert.ok(calls.length >= 10, `${calls.length} calls`);
    for (const [, method = 'GET', route, query] of calls) {
      const template = Object.keys(contract.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(route!));
      assert.ok(template, `${route} is a route of openapi.yaml`);
      const item = contract.paths[template]!;
      const operation = item[method.toLowerCase()];
      if (template === '/openapi.yaml' || template === '/health') continue;
      assert.ok(operation, `${method} ${template} is an operation of openapi.yaml`);
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve).filter((p) => p.in === 'query');
      for (const [name, given] of new URLSearchParams(query ?? '')) {
        const parameter = parameters.find((p) => p.name === name);
        assert.ok(parameter, `${method} ${template} takes ?${name}`);
        const allowed = parameter.schema?.enum;
        if (allowed) assert.ok(allowed.includes(given), `${name}=${given} is one of ${allowed.join(', ')}`);
      }
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
