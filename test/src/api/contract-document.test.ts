// openapi.yaml as a document: its schemas are valid JSON Schema (the app compiles them without checking, to start
// faster), and the app loads the build's JSON copy of it only while that copy was made from the same YAML.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { contractFile, contractJsonFile, loadContract, operationShapes, writeContractJson } from '../../../src/api/contract/openapi';

const yamlText = fs.readFileSync(contractFile, 'utf8');
const parsed = parse(yamlText);

test('every schema of the contract is valid JSON Schema 2020-12, and the check catches one that is not', () => {
  const ajv = new Ajv2020({ strict: false });
  const schemas: Array<[string, unknown]> = Object.entries(parsed.components.schemas).map(([name, schema]) => [name, schema]);
  for (const shape of operationShapes(parsed).values()) {
    for (const parameter of shape.parameters) schemas.push([`${shape.operationId} ${parameter.name}`, parameter.schema ?? {}]);
    if (shape.body) schemas.push([`${shape.operationId} body`, shape.body]);
  }
  assert.ok(schemas.length > 20, `only ${schemas.length} schemas found`);
  for (const [name, schema] of schemas) assert.equal(ajv.validateSchema(schema as object), true, `${name}: ${ajv.errorsText()}`);
  assert.equal(ajv.validateSchema({ type: 'strin' }), false);
});

test("the build's JSON copy is the YAML's document, and the app uses it only while it matches the YAML", () => {
  // The build wrote the copy the app loads.
  assert.ok(fs.existsSync(contractJsonFile), `${contractJsonFile} is missing: the build writes it`);
  assert.deepEqual(loadContract(contractFile, contractJsonFile), { text: yamlText, document: parsed });

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-json-'));
  try {
    const yamlFile = path.join(folder, 'openapi.yaml');
    const jsonFile = path.join(folder, 'openapi.json');
    fs.writeFileSync(yamlFile, 'openapi: 3.1.0\ninfo: { title: one, version: "1" }\n');
    writeContractJson(yamlFile, jsonFile);
    // A copy made from this YAML is what is loaded (its document marked, to tell it from a fresh parse).
    const copy = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    copy.document.info.title = 'from the copy';
    fs.writeFileSync(jsonFile, JSON.stringify(copy));
    assert.equal(loadContract(yamlFile, jsonFile).document.info.title, 'from the copy');
    // Once the YAML changes, the copy is stale and the YAML is parsed.
    fs.writeFileSync(yamlFile, 'openapi: 3.1.0\ninfo: { title: two, version: "1" }\n');
    assert.equal(loadContract(yamlFile, jsonFile).document.info.title, 'two');
    // Without a copy, or with an unreadable one, the YAML is parsed.
    fs.writeFileSync(jsonFile, '{not json');
    assert.equal(loadContract(yamlFile, jsonFile).document.info.title, 'two');
    fs.rmSync(jsonFile);
    assert.equal(loadContract(yamlFile, jsonFile).document.info.title, 'two');
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
