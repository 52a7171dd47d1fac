import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateCostUsd } from '../../src/core/llm/pricing';

const MILLION = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

test('known models are priced from the table by prefix', () => {
  assert.equal(estimateCostUsd('gpt-4o', MILLION), 12.5);
  assert.equal(estimateCostUsd('gpt-4o-2024-08-06', MILLION), 12.5);
  assert.equal(estimateCostUsd('gpt-4o-mini', MILLION), 0.75);
  assert.equal(estimateCostUsd('gpt-5', MILLION), 11.25);
  assert.equal(estimateCostUsd('gpt-5-mini-2025-08-07', MILLION), 2.25);
  assert.equal(estimateCostUsd('o3', MILLION), 10);
  assert.equal(estimateCostUsd('o4-mini', MILLION), 5.5);
  assert.equal(estimateCostUsd('gpt-4.1', MILLION), 10);
  assert.equal(estimateCostUsd('claude-sonnet-4-6', MILLION), 18);
  assert.equal(estimateCostUsd('claude-opus-4-1-20250805', MILLION), 90);
  assert.equal(estimateCostUsd('claude-opus-4-5@20251101', MILLION), 30);
  assert.equal(estimateCostUsd('claude-haiku-4-5', MILLION), 6);
  assert.equal(estimateCostUsd('openai/gpt-4.1-mini', MILLION), 2);
});

test('input and output tokens are priced apart', () => {
  const cost = estimateCostUsd('gpt-4.1', { inputTokens: 10_000, outputTokens: 2_000 });
  assert.ok(cost !== null);
  assert.ok(Math.abs(cost - (10_000 * 2 + 2_000 * 8) / 1_000_000) < 1e-12, String(cost));
  assert.equal(estimateCostUsd('gpt-4.1', { inputTokens: 0, outputTokens: 0 }), 0);
});

test('unknown models, and newer versions a shorter prefix must not claim, are null', () => {
  assert.equal(estimateCostUsd('llama3.1:8b', MILLION), null);
  assert.equal(estimateCostUsd('my-azure-deployment', MILLION), null);
  assert.equal(estimateCostUsd('gpt-5.9', MILLION), null);
  assert.equal(estimateCostUsd('claude-opus-4-9', MILLION), null);
  assert.equal(estimateCostUsd('o33', MILLION), null);
});
