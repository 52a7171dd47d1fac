import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CallContext, failureToLlmError } from '../../src/core/llm/llmFailure';

const KEY = 'sk-secret-key-abcdefghijklmnop';

const call: CallContext = {
  role: 'generator',
  provider: 'openai',
  model: 'gpt-4.1',
  baseUrl: 'https://api.openai.com/v1',
  timeoutMs: 90_000,
  maxRetries: 3,
  secretValues: [KEY],
};

test('a long server message is cut to one line, and a key at the cut is still removed whole', () => {
  const message = `${'x '.repeat(140)}\n\n key ${KEY} ${'y'.repeat(500)}`;
  const error = failureToLlmError({ kind: 'status', status: 400, serverMessage: message }, call);
  assert.equal(error.message.includes('\n'), false);
  assert.ok(error.message.endsWith('…'), error.message);
  assert.ok(error.message.includes('[redacted]'), error.message);
  assert.ok(error.message.length < 400, String(error.message.length));
  assert.equal(error.message.includes(KEY.slice(0, 6)), false, error.message);
});

test('retries are mentioned only for statuses the SDKs retry', () => {
  const retried = failureToLlmError({ kind: 'status', status: 503, serverMessage: 'Busy' }, call);
  assert.equal(retried.message, "The generator's request to OpenAI (gpt-4.1) failed with HTTP 503 (4 attempts): Busy.");
  const notRetried = failureToLlmError({ kind: 'status', status: 404, serverMessage: '' }, call);
  assert.equal(notRetried.message, "The generator's request to OpenAI (gpt-4.1) failed with HTTP 404.");
});

test('time-outs are given in seconds, connection failures by their innermost reason', () => {
  assert.equal(
    failureToLlmError({ kind: 'timeout' }, { ...call, maxRetries: 0 }).message,
    "The generator's request to OpenAI (gpt-4.1) timed out after 90 s.",
  );
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const wrapped = new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: refused }) });
  assert.equal(
    failureToLlmError({ kind: 'connection', cause: wrapped }, call).message,
    "The generator's request to OpenAI (gpt-4.1) could not reach https://api.openai.com/v1 (4 attempts): ECONNREFUSED.",
  );
});
