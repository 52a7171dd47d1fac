import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReasoningModel } from '../../src/core/llm/reasoningModels';

test('o-series and gpt-5 models are reasoning models, however they are prefixed or dated', () => {
  for (const model of [
    'o1',
    'o1-mini',
    'o1-preview-2024-09-12',
    'o3',
    'o3-mini',
    'o3-pro-2025-06-10',
    'o4-mini',
    'O4-Mini',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5.2',
    'gpt-5-2025-08-07',
    'openai/o3',
    'prod-o4-mini',
    'team_o1_deployment',
    'my-reasoning-model',
  ]) {
    assert.equal(isReasoningModel(model), true, model);
  }
});

test('chat models are not reasoning models', () => {
  for (const model of [
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-nano',
    'chatgpt-4o-latest',
    'gpt-35-turbo',
    'llama3.1:8b',
    'qwen2.5-coder:32b',
    'claude-sonnet-4-6',
    'models/gpt4o-deployment',
    'foo1',
  ]) {
    assert.equal(isReasoningModel(model), false, model);
  }
});
