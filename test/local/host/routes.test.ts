// Route templates as the Functions host (ASP.NET Core routing) reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RouteTemplate } from '../../../local/host/routes';

const match = (template: string, path: string) => new RouteTemplate(template).match(path.split('/').filter(Boolean))?.params;

test('literal segments match case-insensitively; parameters capture a segment', () => {
  assert.deepEqual(match('clusters/{name}', 'Clusters/demo1'), { name: 'demo1' });
  assert.equal(match('clusters/{name}', 'clusters'), undefined);
  assert.equal(match('clusters/{name}', 'clusters/a/b'), undefined);
});

test('optional and defaulted parameters may be left out at the end only', () => {
  assert.deepEqual(match('orchestrators/{name}/{id?}', 'orchestrators/Hello'), { name: 'Hello' });
  assert.deepEqual(match('orchestrators/{name}/{id?}', 'orchestrators/Hello/42'), { name: 'Hello', id: '42' });
  assert.deepEqual(match('pages/{page=1}', 'pages'), { page: '1' });
  assert.deepEqual(match('pages/{page:int=1}', 'pages/7'), { page: '7' });
  assert.equal(match('{a?}/fixed', 'fixed'), undefined);
});

test('constraints: int, alpha, guid, bool, length, range, regex', () => {
  assert.deepEqual(match('items/{id:int}', 'items/12'), { id: '12' });
  assert.equal(match('items/{id:int}', 'items/x12'), undefined);
  assert.equal(match('items/{id:alpha}', 'items/ab1'), undefined);
  assert.deepEqual(match('items/{id:guid}', 'items/6a1c4f9e-2b7d-4c1e-9f3a-0d5e8b7c6a21'), { id: '6a1c4f9e-2b7d-4c1e-9f3a-0d5e8b7c6a21' });
  assert.deepEqual(match('flags/{on:bool}', 'flags/TRUE'), { on: 'TRUE' });
  assert.equal(match('codes/{c:length(3)}', 'codes/abcd'), undefined);
  assert.deepEqual(match('ages/{n:range(1,120)}', 'ages/120'), { n: '120' });
  assert.equal(match('ages/{n:range(1,120)}', 'ages/121'), undefined);
  assert.deepEqual(match('names/{n:regex(^[a-z]{{2,3}}$)}', 'names/abc'), { n: 'abc' });
  assert.deepEqual(match('names/{n:minlength(2):maxlength(3)}', 'names/ab'), { n: 'ab' });
  assert.equal(match('names/{n:minlength(2):maxlength(3)}', 'names/abcd'), undefined);
});

test('catch-all parameters take the rest of the path', () => {
  assert.deepEqual(match('files/{*path}', 'files/a/b/c.txt'), { path: 'a/b/c.txt' });
  assert.equal(match('files/{*path}', 'files'), undefined);
  assert.deepEqual(match('files/{*path?}', 'files'), {});
});

test('segments mixing literals and parameters', () => {
  assert.deepEqual(match('download/{name}.{ext}', 'download/report.pdf'), { name: 'report', ext: 'pdf' });
});

test('more specific templates rank first: literals, then constrained, then plain, then catch-all', () => {
  const ranked = ['files/{*rest}', 'files/{name}', 'files/{id:int}', 'files/latest']
    .map((template) => new RouteTemplate(template))
    .sort((a, b) => b.precedence - a.precedence)
    .map((route) => route.template);
  assert.deepEqual(ranked, ['files/latest', 'files/{id:int}', 'files/{name}', 'files/{*rest}']);
});

test('malformed templates are refused when the app registers them', () => {
  assert.throws(() => new RouteTemplate('items/{id'), /unclosed/);
  assert.throws(() => new RouteTemplate('items/{id:nosuch}'), /unknown constraint/);
  assert.throws(() => new RouteTemplate('items/{1id}'), /bad parameter name/);
});
