// The infrastructure as code: every reference in the Bicep files resolves, modules get exactly the
// params they declare and are read only for outputs they have, azure.yaml and main.parameters.json fit
// main.bicep, and the security properties the deployment guide promises are in the templates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { parse as parseYaml } from 'yaml';

import { allRoles } from '../../src/auth/caller';
import { containerNames } from '../../src/azure/blob-storage';
import { repoRoot } from '../support/process';
import { checkBicepTree, findBicepConfig, literal, parseBicep, type BicepFile, type Token } from './support/bicep';
import {
  bicepFile,
  functionAppBicep,
  infraDir,
  infraTree,
  mainBicep,
  mainParameters,
  nested,
  resourceBody,
  text,
  trace,
  value,
} from './support/infra';

const contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const owner = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const userAccessAdministrator = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
const azureCliAppId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const apiRegistrationBicep = path.join(infraDir, 'modules', 'api-registration.bicep');
const graphV1 = 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0';

/** A Bicep file with one extension statement (or none) and one Graph application. */
const graphApp = (extension: string, type: string) =>
  [extension, `resource app '${type}' = {`, "  uniqueName: 'x'", "  displayName: 'x'", '}'].filter(Boolean).join('\n');

/** An identifier token, to trace a name the way a template uses it. */
const ident = (name: string): Token => ({ kind: 'ident', text: name, line: 0 });

/** The string values of `key: '<value>'` entries anywhere in a stretch of tokens. */
function stringValuesOf(tokens: Token[], key: string): string[] {
  const values: string[] = [];
  tokens.forEach((t, i) => {
    const entryValue = tokens[i + 2]?.value;
    if (t.kind === 'ident' && t.text === key && tokens[i + 1]?.text === ':' && entryValue !== undefined) values.push(entryValue);
  });
  return values;
}

function bicepFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? bicepFilesUnder(full) : e.name.endsWith('.bicep') ? [full] : [];
  });
}

function withFiles(files: Record<string, string>, check: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-check-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    check(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Bicep reference checker (on small examples, so that a clean result on infra/ means something)', () => {
  test('accepts declarations, property access, object keys, loops, lambdas and interpolation', () => {
    const file = parseBicep(
      'ok.bicep',
      [
        "param name string = 'x'",
        '@description(\'tags\')',
        'param tags object',
        "var items2 = [for (item, i) in ['a']: { key: '${item}-${i}', n: name }]",
        "var picked = filter(items2, x => x.n == name)",
        "resource acct 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
        '  name: toLower(name)',
        '  tags: tags',
        '  properties: {',
        "    flag: empty(picked) ? 'a' : 'b'",
        '  }',
        '}',
        'output id string = acct.properties.primaryEndpoints.blob',
      ].join('\n'),
    );
    assert.deepEqual(file.problems, []);
  });

  test('reports undeclared references, in expressions and in string interpolation', () => {
    const source = ['param location string', "var a = '${locaton}-x'", 'output o string = concat(a, location, missing)'];
    const file = parseBicep('bad.bicep', source.join('\n'));
    assert.deepEqual(
      file.problems.filter((p) => p.includes('not declared')).map((p) => /(\w+) is not declared/.exec(p)?.[1]),
      ['locaton', 'missing'],
    );
  });

  test('reports unused params and vars, unknown functions and duplicate declarations', () => {
    const source = ['param unused string', "var a = tolower('X')", 'var a2 = 1', 'var a2 = 2', 'output o string = a'];
    const file = parseBicep('bad.bicep', source.join('\n'));
    const problems = file.problems.join('\n');
    assert.match(problems, /param unused .* never used/);
    assert.match(problems, /tolower\(\) is not a Bicep function/);
    assert.match(problems, /var a2 .* declared twice/);
  });

  test('checks module params and outputs against the module file', () => {
    withFiles(
      {
        'main.bicep': [
          "module m 'mod.bicep' = {",
          "  name: 'm'",
          '  params: {',
          "    required1: 'a'",
          "    notDeclared: 'b'",
          '  }',
          '}',
          'output x string = m.outputs.nope',
          "module gone 'missing.bicep' = {",
          "  name: 'g'",
          '}',
        ].join('\n'),
        'mod.bicep': [
          'param required1 string',
          'param required2 string',
          "param optional string = ''",
          'output yes string = required1 + required2 + optional',
        ].join('\n'),
      },
      (dir) => {
        const { problems } = checkBicepTree(path.join(dir, 'main.bicep'));
        const text = problems.join('\n');
        assert.match(text, /passes notDeclared, which mod\.bicep does not declare/);
        assert.match(text, /does not pass the required param required2/);
        assert.doesNotMatch(text, /required param optional/);
        assert.match(text, /m\.outputs\.nope is not an output of mod\.bicep/);
        assert.match(text, /missing\.bicep, which does not exist/);
      },
    );
  });

  test('accepts Microsoft Graph resources whose extension alias bicepconfig.json maps to the Graph v1.0 types', () => {
    withFiles(
      {
        'bicepconfig.json': `{\n  // Graph v1.0 types, pinned\n  "extensions": { "microsoftGraphV1": "${graphV1}" }\n}\n`,
        'main.bicep': [
          'extension microsoftGraphV1',
          "param roleNames array = ['A.Read']",
          "resource app 'Microsoft.Graph/applications@v1.0' = {",
          "  uniqueName: 'x'",
          "  displayName: 'x'",
          "  appRoles: [for role in roleNames: { id: guid('x', role), value: role, allowedMemberTypes: ['Application'], isEnabled: true }]",
          '}',
          "resource sp 'Microsoft.Graph/servicePrincipals@v1.0' = {",
          '  appId: app.appId',
          '}',
          "resource graph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {",
          "  appId: '00000003-0000-0000-c000-000000000000'",
          '}',
          'output spId string = sp.id',
          'output graphId string = graph.id',
        ].join('\n'),
      },
      (dir) => assert.deepEqual(checkBicepTree(path.join(dir, 'main.bicep')).problems, []),
    );
  });

  test('accepts an inline extension reference, with config and a namespace, without bicepconfig.json', () => {
    const file = parseBicep(
      'inline.bicep',
      [
        `extension '${graphV1}' as graphV1`,
        'param kubeConfig string',
        "extension kubernetes with { kubeConfig: kubeConfig, namespace: 'default' } as k8s",
        "resource g 'Microsoft.Graph/groups@v1.0' = {",
        "  uniqueName: 'g'",
        "  displayName: 'g'",
        '  mailEnabled: false',
        "  mailNickname: 'g'",
        '  securityEnabled: true',
        '}',
        'output id string = g.id',
      ].join('\n'),
    );
    assert.deepEqual(file.problems, [], 'a param used only in the with { } configuration is used');
    assert.deepEqual(
      file.extensions.map((e) => [e.configAlias ?? e.reference, e.as]),
      [
        [graphV1, 'graphV1'],
        ['kubernetes', 'k8s'],
      ],
    );
  });

  test('reports Microsoft Graph resources without an extension, or whose extension does not bring their Graph version', () => {
    withFiles(
      {
        'bicepconfig.json': JSON.stringify({ extensions: { microsoftGraphV1: graphV1, other: 'br:example.azurecr.io/other:1.0.0' } }),
        'none.bicep': graphApp('', 'Microsoft.Graph/applications@v1.0'),
        'beta.bicep': graphApp('extension microsoftGraphV1', 'Microsoft.Graph/applications@beta'),
        'undefined.bicep': graphApp('extension microsoftGraphBeta', 'Microsoft.Graph/applications@beta'),
        'notgraph.bicep': graphApp('extension other', 'Microsoft.Graph/applications@v1.0'),
        'undated.bicep': ["resource acct 'Microsoft.Storage/storageAccounts@v1.0' = {", "  name: 'x'", '}'].join('\n'),
      },
      (dir) => {
        const problems = (name: string) => checkBicepTree(path.join(dir, name)).problems.join('\n');
        assert.match(problems('none.bicep'), /resource app \(Microsoft\.Graph\/applications@v1\.0\) needs the Microsoft Graph extension/);
        assert.match(problems('beta.bicep'), /needs the Microsoft Graph beta types, which no extension of this file brings/);
        assert.match(problems('undefined.bicep'), /extension microsoftGraphBeta is not defined in the "extensions" of .*bicepconfig\.json/);
        assert.match(problems('notgraph.bicep'), /needs the Microsoft Graph v1\.0 types/);
        assert.match(problems('undated.bicep'), /resource type Microsoft\.Storage\/storageAccounts@v1\.0 is not <namespace>\/<type>@<api-version>/);
      },
    );
  });

  test('reports the retired built-in Graph extension and aliases no bicepconfig.json defines', () => {
    withFiles(
      {
        'retired.bicep': graphApp('extension microsoftGraph', 'Microsoft.Graph/applications@v1.0'),
        'sub/bicepconfig.json': `{ "extensions": { "microsoftGraph": "${graphV1}" } }`,
        'sub/aliased.bicep': graphApp('extension microsoftGraph', 'Microsoft.Graph/applications@v1.0'),
      },
      (dir) => {
        assert.match(checkBicepTree(path.join(dir, 'retired.bicep')).problems.join('\n'), /extension microsoftGraph: the built-in Microsoft Graph extension is retired/);
        // the nearest bicepconfig.json is the one that counts, and its alias wins over the retired built-in name
        assert.equal(findBicepConfig(path.join(dir, 'sub', 'aliased.bicep'))?.file, path.join(dir, 'sub', 'bicepconfig.json'));
        assert.deepEqual(checkBicepTree(path.join(dir, 'sub', 'aliased.bicep')).problems, []);
      },
    );
  });

  test('checks that resource-group modules called from a subscription-scope file get a scope', () => {
    withFiles(
      {
        'main.bicep': ["targetScope = 'subscription'", "module m 'mod.bicep' = {", "  name: 'm'", '}'].join('\n'),
        'mod.bicep': "output o string = 'x'",
      },
      (dir) => assert.match(checkBicepTree(path.join(dir, 'main.bicep')).problems.join('\n'), /needs a scope/),
    );
  });
});

describe('infra/', () => {
  test('every identifier, module param and module output in the Bicep files resolves', () => {
    assert.deepEqual(infraTree().problems, []);
  });

  test('every Bicep file under infra/ is reached from main.bicep', () => {
    const reached = new Set(infraTree().files.keys());
    assert.deepEqual(
      bicepFilesUnder(infraDir).filter((f) => !reached.has(path.resolve(f))),
      [],
    );
    assert.equal(bicepFile(mainBicep).targetScope, 'subscription');
  });

  test('azure.yaml points azd at infra/main.bicep and builds the api service from the Dockerfile', () => {
    const config = parseYaml(fs.readFileSync(path.join(repoRoot, 'azure.yaml'), 'utf8')) as {
      name: string;
      infra: { provider: string; path: string; module: string };
      services: Record<string, { project: string; host: string; language: string; docker?: { path: string; platform?: string } }>;
    };
    assert.equal(config.infra.provider, 'bicep');
    assert.ok(fs.existsSync(path.join(repoRoot, config.infra.path, `${config.infra.module}.bicep`)));
    assert.equal(path.resolve(repoRoot, config.infra.path, `${config.infra.module}.bicep`), mainBicep);
    assert.deepEqual(Object.keys(config.services), ['api']);
    const api = config.services.api!;
    assert.equal(api.host, 'function');
    assert.ok(api.docker, 'the service is deployed as a container');
    assert.ok(fs.existsSync(path.resolve(repoRoot, api.project, api.docker.path)), `${api.docker.path} exists`);
    assert.equal(api.docker.platform, 'linux/amd64');
    // azd finds the function app by its azd-service-name tag
    const site = resourceBody(bicepFile(functionAppBicep), 'app');
    assert.match(text(value(site, 'tags')), /'azd-service-name':'api'/);
    // and pushes to the registry named by this output
    assert.ok(bicepFile(mainBicep).outputs.has('AZURE_CONTAINER_REGISTRY_ENDPOINT'));
  });

  test('main.parameters.json gives main.bicep exactly its params, from azd environment values', () => {
    const main = bicepFile(mainBicep);
    const given = mainParameters();
    for (const key of Object.keys(given)) {
      assert.ok(main.params.has(key), `main.parameters.json sets ${key}, which main.bicep does not declare`);
    }
    for (const [name, param] of main.params) {
      if (!param.hasDefault) assert.ok(name in given, `main.bicep requires ${name}; main.parameters.json must set it`);
    }
    assert.equal(given.environmentName, '${AZURE_ENV_NAME}');
    assert.equal(given.location, '${AZURE_LOCATION}');
    assert.equal(given.apiImageName, '${SERVICE_API_IMAGE_NAME=}', 'the image azd deployed survives the next provision');
  });

  test('uses no keys, connection strings with keys or admin credentials', () => {
    for (const file of bicepFilesUnder(infraDir)) {
      const source = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(source, /listKeys|listCredentials|AccountKey=|primaryKey|adminPassword|\bsecret\b/i, file);
    }
  });

  test('storage: Shared Key off, no public blobs, TLS 1.2; the identity gets exactly the blob, queue and table data roles', () => {
    const storage = bicepFile(path.join(infraDir, 'modules', 'storage.bicep'));
    const properties = nested(storage, resourceBody(storage, 'account'), 'properties');
    assert.equal(text(value(properties, 'allowSharedKeyAccess')), 'false');
    assert.equal(text(value(properties, 'allowBlobPublicAccess')), 'false');
    assert.equal(literal(value(properties, 'minimumTlsVersion')), 'TLS1_2');
    assert.equal(text(value(properties, 'supportsHttpsTrafficOnly')), 'true');
    const roleVars = storage.vars.get('dataRoles')!.valueTokens.filter((t) => t.kind === 'ident');
    const roles = roleVars.map((t) => literal(storage.vars.get(t.text)!.valueTokens));
    assert.deepEqual(roles.sort(), [
      '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', // Storage Table Data Contributor
      '974c5e8b-45b9-4653-ba55-5f855dd0fb88', // Storage Queue Data Contributor
      'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', // Storage Blob Data Owner
    ]);
  });

  test('registry: Basic, admin user off; the identity may pull and nothing else', () => {
    const registry = bicepFile(path.join(infraDir, 'modules', 'registry.bicep'));
    const body = resourceBody(registry, 'registry');
    assert.equal(literal(value(nested(registry, body, 'sku'), 'name')), 'Basic');
    assert.equal(text(value(nested(registry, body, 'properties'), 'adminUserEnabled')), 'false');
    assert.equal(literal(registry.vars.get('acrPull')!.valueTokens), '7f951dda-4ed3-4680-a7ca-43fe172d538d');
    assert.equal([...registry.resources.values()].filter((r) => r.type.startsWith('Microsoft.Authorization/roleAssignments')).length, 1);
  });

  test('function app: Elastic Premium, Linux container pulled with the user-assigned identity, HTTPS only, no Azure Files share', () => {
    const file = bicepFile(functionAppBicep);
    const plan = resourceBody(file, 'plan');
    assert.equal(literal(value(nested(file, plan, 'sku'), 'tier')), 'ElasticPremium');
    assert.equal(literal(value(nested(file, plan, 'sku'), 'name')), 'EP1');
    assert.equal(text(value(nested(file, plan, 'properties'), 'reserved')), 'true', 'Linux');
    const site = resourceBody(file, 'app');
    assert.match(literal(value(site, 'kind')) ?? '', /functionapp.*linux.*container/);
    assert.equal(literal(value(nested(file, site, 'identity'), 'type')), 'UserAssigned');
    const properties = nested(file, site, 'properties');
    assert.equal(text(value(properties, 'httpsOnly')), 'true');
    const siteConfig = nested(file, properties, 'siteConfig');
    assert.equal(text(value(siteConfig, 'acrUseManagedIdentityCreds')), 'true');
    assert.equal(text(value(siteConfig, 'acrUserManagedIdentityID')), 'identityClientId');
    assert.equal(text(value(siteConfig, 'linuxFxVersion')), "'DOCKER|${image}'");
    assert.equal(literal(value(siteConfig, 'ftpsState')), 'Disabled');
    const source = fs.readFileSync(functionAppBicep, 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(source, /WEBSITE_CONTENTAZUREFILECONNECTIONSTRING|WEBSITE_CONTENTSHARE/);
  });

  test('every role assignment names its principal type, so a new principal never fails on replication', () => {
    for (const file of infraTree().files.values()) {
      for (const [name, resource] of file.resources) {
        if (!resource.type.startsWith('Microsoft.Authorization/roleAssignments@')) continue;
        const properties = nested(file, resourceBody(file, name), 'properties');
        assert.equal(literal(value(properties, 'principalType')), 'ServicePrincipal', `${path.basename(file.file)}: ${name}`);
      }
    }
  });

  test('subscription rights: a narrow custom role; Contributor for service principals is all the app may assign or remove', () => {
    const file = bicepFile(path.join(infraDir, 'modules', 'provisioner-role.bicep'));
    assert.equal(file.targetScope, 'subscription');
    const definition = nested(file, resourceBody(file, 'provisionerRole'), 'properties');
    assert.equal(literal(value(definition, 'type')), 'CustomRole');
    assert.equal(text(value(definition, 'assignableScopes')), '[subscription().id]');
    const permissions = value(definition, 'permissions');
    const actions = permissions.filter((t) => t.kind === 'string').map((t) => t.value);
    assert.deepEqual(actions.sort(), [
      'Microsoft.Authorization/permissions/read',
      'Microsoft.Authorization/roleAssignments/delete',
      'Microsoft.Authorization/roleAssignments/read',
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Compute/locations/usages/read',
      'Microsoft.Compute/register/action',
      'Microsoft.Compute/skus/read',
      'Microsoft.DocumentDB/databaseAccountNames/read',
      'Microsoft.DocumentDB/register/action',
      'Microsoft.Network/locations/checkDnsNameAvailability/read',
      'Microsoft.Network/register/action',
      'Microsoft.Resources/subscriptions/providers/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/subscriptions/resourceGroups/write',
      'Microsoft.Storage/register/action',
    ]);
    for (const action of actions) assert.doesNotMatch(action ?? '', /\*/, 'no wildcards');
    // Beyond the role assignments the condition governs, every write is a provider registration or a new group.
    const writes = actions.filter((a) => !/\/read$/.test(a ?? '') && !/^Microsoft\.Authorization\/roleAssignments\//.test(a ?? ''));
    assert.deepEqual(writes.sort(), [
      'Microsoft.Compute/register/action',
      'Microsoft.DocumentDB/register/action',
      'Microsoft.Network/register/action',
      'Microsoft.Resources/subscriptions/resourceGroups/write',
      'Microsoft.Storage/register/action',
    ]);

    const assignment = nested(file, resourceBody(file, 'provisionerAssignment'), 'properties');
    assert.equal(literal(value(assignment, 'conditionVersion')), '2.0');
    assert.equal(text(value(assignment, 'condition')), 'assignContributorToServicePrincipalsOnly');
    assert.equal(text(value(assignment, 'roleDefinitionId')), 'provisionerRole.id');
    const condition = file.vars.get('assignContributorToServicePrincipalsOnly')!.valueTokens[0]!;
    assert.equal(condition.kind, 'string');
    // the interpolations are the Contributor role id
    assert.deepEqual(condition.interpolations!.map(text), ['contributorRoleId', 'contributorRoleId']);
    assert.equal(literal(file.vars.get('contributorRoleId')!.valueTokens), contributor);
    const conditionText = condition.text.replaceAll('${contributorRoleId}', contributor).replace(/\\'/g, "'").slice(1, -1);
    const clause = (action: 'write' | 'delete', source: 'Request' | 'Resource') =>
      `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR ` +
      `(@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${contributor}} AND ` +
      `@${source}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))`;
    assert.equal(conditionText, `${clause('write', 'Request')} AND ${clause('delete', 'Resource')}`);
    for (const f of bicepFilesUnder(infraDir)) {
      const source = fs.readFileSync(f, 'utf8');
      for (const id of [owner, userAccessAdministrator, rbacAdministrator]) {
        assert.ok(!source.includes(id), `${f} grants no Owner-like role`);
      }
    }
  });

  test('API versions are dated; Microsoft Graph resources use Graph v1.0, never beta', () => {
    for (const file of infraTree().files.values()) {
      for (const resource of file.resources.values()) {
        if (resource.type.startsWith('Microsoft.Graph/')) assert.match(resource.type, /@v1\.0$/, resource.type);
        else assert.match(resource.type, /@\d{4}-\d{2}-\d{2}$/, resource.type);
      }
    }
  });

  test('bicepconfig.json pins the Microsoft Graph v1.0 types to one released version', () => {
    const config = findBicepConfig(mainBicep);
    assert.equal(config?.file, path.join(infraDir, 'bicepconfig.json'));
    assert.match(config!.extensions.microsoftGraphV1 ?? '', /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/);
    const declaresGraph = (f: BicepFile) => [...f.resources.values()].some((r) => r.type.startsWith('Microsoft.Graph/'));
    const graphFiles = [...infraTree().files.values()].filter(declaresGraph);
    assert.deepEqual(
      graphFiles.map((f) => f.file),
      [apiRegistrationBicep],
      'Graph resources live in one module',
    );
    assert.deepEqual(graphFiles[0]!.extensions, [{ line: graphFiles[0]!.extensions[0]!.line, configAlias: 'microsoftGraphV1' }]);
  });

  test('API registration: the four app roles the app checks, for users and tools, and nothing else', () => {
    const file = bicepFile(apiRegistrationBicep);
    assert.deepEqual(stringValuesOf(file.vars.get('roles')!.valueTokens, 'value').sort(), [...allRoles].sort());
    const application = resourceBody(file, 'application');
    assert.equal(literal(value(application, 'signInAudience')), 'AzureADMyOrg', 'single tenant');
    const roles = text(value(application, 'appRoles'));
    assert.match(roles, /^\[forroleinroles:\{/, 'one app role per entry of var roles');
    assert.match(roles, /id:guid\(uniqueName,role\.value\)/, 'a stable id per role value');
    assert.match(roles, /value:role\.value/);
    assert.match(roles, /allowedMemberTypes:\['User''Application'\]/, 'people and tools (service principals) may hold each role');
    assert.match(roles, /isEnabled:true/);
    const source = fs.readFileSync(apiRegistrationBicep, 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(source, /passwordCredentials|keyCredentials|requiredResourceAccess|oauth2PermissionGrants|appRoleAssignedTo/, 'no credential and no permission of its own');
  });

  test('API registration: the identifier URI and v2.0 tokens the app expects, and a role required to get a token at all', () => {
    const file = bicepFile(apiRegistrationBicep);
    const application = resourceBody(file, 'application');
    assert.equal(text(value(application, 'identifierUris')), '[identifierUri]');
    assert.deepEqual(trace(file, [ident('identifierUri')]), { literal: 'api://aks-cosmos-provisioner' }, 'the default azd environment value');
    const api = nested(file, application, 'api');
    // the app's default AUTH_ISSUER is the tenant's v2.0 issuer, which only v2.0 access tokens carry
    assert.equal(text(value(api, 'requestedAccessTokenVersion')), '2');
    assert.deepEqual(stringValuesOf(value(api, 'oauth2PermissionScopes'), 'value'), ['user_impersonation']);
    assert.equal(literal(file.vars.get('azureCliAppId')!.valueTokens), azureCliAppId, "Azure CLI's public client id");
    assert.equal(text(value(api, 'preAuthorizedApplications')), '[{appId:azureCliAppIddelegatedPermissionIds:[userImpersonationId]}]');
    const servicePrincipal = resourceBody(file, 'servicePrincipal');
    assert.equal(text(value(servicePrincipal, 'appId')), 'application.appId');
    assert.equal(text(value(servicePrincipal, 'appRoleAssignmentRequired')), 'true');
    // main.bicep names it per environment and hands its client id to the function app
    const main = bicepFile(mainBicep);
    const call = main.modules.get('apiRegistration')!;
    assert.equal(call.target, 'modules/api-registration.bicep');
    assert.match(text(call.params.find((p) => p.key === 'uniqueName')!.valueTokens), /\$\{resourceToken\}/, 'unique per subscription, environment and region');
    const functionApp = main.modules.get('functionApp')!;
    assert.equal(text(functionApp.params.find((p) => p.key === 'apiAppId')!.valueTokens), 'apiRegistration.outputs.appId');
    assert.equal(mainParameters().apiIdentifierUri, '${API_IDENTIFIER_URI=api://aks-cosmos-provisioner}');
    for (const output of ['API_APP_ID', 'API_IDENTIFIER_URI', 'API_SERVICE_PRINCIPAL_ID']) assert.ok(main.outputs.has(output), output);
  });

  test("storage: the app's containers exist from the start, all private", () => {
    const storage = bicepFile(path.join(infraDir, 'modules', 'storage.bicep'));
    const declared = storage.vars.get('appContainers')!.valueTokens.filter((t) => t.kind === 'string').map((t) => t.value);
    assert.deepEqual(declared.sort(), Object.values(containerNames).sort());
    const properties = nested(storage, resourceBody(storage, 'containers'), 'properties');
    assert.equal(literal(value(properties, 'publicAccess')), 'None');
  });
});
