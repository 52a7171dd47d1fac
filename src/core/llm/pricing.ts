import type { TokenUsage } from './types';

interface Price {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

/**
 * List prices in USD per million tokens, standard tier, without caching or batch discounts.
 * They are approximate and change over time: the estimate is a guide, not a bill.
 * A prefix matches the whole name or the name followed by "-" or "@" (dated snapshots such as
 * "gpt-4.1-2025-04-14", "claude-opus-4-5@20251101"), so "gpt-5" does not price "gpt-5.4".
 * More specific prefixes come first because the first match wins.
 */
const PRICES: ReadonlyArray<readonly [prefix: string, price: Price]> = [
  ['gpt-5-nano', { input: 0.05, output: 0.4 }],
  ['gpt-5-mini', { input: 0.25, output: 2 }],
  ['gpt-5-pro', { input: 15, output: 120 }],
  ['gpt-5', { input: 1.25, output: 10 }],
  ['gpt-5.1', { input: 1.25, output: 10 }],
  ['gpt-5.2', { input: 1.75, output: 14 }],
  ['gpt-5.4-nano', { input: 0.2, output: 1.25 }],
  ['gpt-5.4-mini', { input: 0.75, output: 4.5 }],
  ['gpt-5.4-pro', { input: 30, output: 180 }],
  ['gpt-5.4', { input: 2.5, output: 15 }],
  ['gpt-5.5-pro', { input: 30, output: 180 }],
  ['gpt-5.5', { input: 5, output: 30 }],
  ['gpt-4.1-nano', { input: 0.1, output: 0.4 }],
  ['gpt-4.1-mini', { input: 0.4, output: 1.6 }],
  ['gpt-4.1', { input: 2, output: 8 }],
  ['gpt-4o-mini', { input: 0.15, output: 0.6 }],
  ['gpt-4o', { input: 2.5, output: 10 }],
  ['o4-mini-deep-research', { input: 2, output: 8 }],
  ['o4-mini', { input: 1.1, output: 4.4 }],
  ['o3-deep-research', { input: 10, output: 40 }],
  ['o3-mini', { input: 1.1, output: 4.4 }],
  ['o3-pro', { input: 20, output: 80 }],
  ['o3', { input: 2, output: 8 }],
  ['o1-mini', { input: 1.1, output: 4.4 }],
  ['o1-pro', { input: 150, output: 600 }],
  ['o1', { input: 15, output: 60 }],
  ['claude-opus-4-6', { input: 5, output: 25 }],
  ['claude-opus-4-5', { input: 5, output: 25 }],
  ['claude-opus-4-1', { input: 15, output: 75 }],
  ['claude-opus-4-0', { input: 15, output: 75 }],
  ['claude-opus-4-20250514', { input: 15, output: 75 }],
  ['claude-sonnet-4', { input: 3, output: 15 }],
  ['claude-haiku-4-5', { input: 1, output: 5 }],
  ['claude-3-7-sonnet', { input: 3, output: 15 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4 }],
];

function matchesPrefix(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  const next = name.charAt(prefix.length);
  return next === '' || next === '-' || next === '@';
}

/** Estimated cost of one call in USD, or null when the model is not in the table. */
export function estimateCostUsd(model: string, usage: TokenUsage): number | null {
  // Routers and compatible servers prefix the vendor: "openai/gpt-4o", "anthropic/claude-…".
  const name = model.trim().toLowerCase().split('/').pop() ?? '';
  const match = PRICES.find(([prefix]) => matchesPrefix(name, prefix));
  if (!match) return null;
  const [, price] = match;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
