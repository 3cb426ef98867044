// Error classification: what a retry can fix (throttling, 5xx, dropped connections, replication lag) and what not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RestError } from '@azure/core-rest-pipeline';
import { classifyError, isNotFound } from '../../../src/azure/failures';

describe('classifyError', () => {
  test('a dropped connection under fetch is a retryable network error', () => {
    const dropped = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    assert.deepEqual(classifyError(dropped, 'servicePrincipal'), {
      code: 'NetworkError',
      message: 'fetch failed',
      retryable: true,
      target: 'servicePrincipal',
    });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    assert.equal(classifyError(reset, 'deploy').retryable, true);
    assert.equal(classifyError(new TypeError('fetch failed'), 'deploy').retryable, true);
  });

  test('throttling and server errors are retryable; client errors are not', () => {
    assert.equal(classifyError(new RestError('slow down', { statusCode: 429, code: 'TooManyRequests' }), 'x').retryable, true);
    assert.equal(classifyError(new RestError('boom', { statusCode: 503 }), 'x').code, 'Http503');
    assert.equal(classifyError(new RestError('boom', { statusCode: 503 }), 'x').retryable, true);
    assert.equal(classifyError(new RestError('no', { statusCode: 400, code: 'InvalidTemplate' }), 'x').retryable, false);
    assert.equal(classifyError(new RestError('no', { statusCode: 501 }), 'x').retryable, false);
  });

  test('replication codes are retryable only right after creating an object', () => {
    const lag = new RestError('not yet', { statusCode: 400, code: 'PrincipalNotFound' });
    assert.equal(classifyError(lag, 'x').retryable, false);
    assert.equal(classifyError(lag, 'x', true).retryable, true);
  });

  test('anything else is an internal error that no retry fixes', () => {
    assert.deepEqual(classifyError(new Error('bug'), 'generate'), {
      code: 'InternalError',
      message: 'bug',
      retryable: false,
      target: 'generate',
    });
    assert.equal(classifyError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 'x').code, 'Timeout');
  });

  test('isNotFound recognises a 404 only', () => {
    assert.equal(isNotFound(new RestError('gone', { statusCode: 404 })), true);
    assert.equal(isNotFound(new RestError('no', { statusCode: 403 })), false);
    assert.equal(isNotFound(new Error('404')), false);
  });
});
