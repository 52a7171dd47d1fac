import { estimateCostUsd } from './llm/pricing';
import type { Role, TokenUsage } from './llm/types';

/** Tokens and estimated cost of one iteration, per role. */
export class UsageMeter {
  readonly tokens = { generator: { input: 0, output: 0 }, fixer: { input: 0, output: 0 } };
  private cost: number | null = 0;

  add(role: Role, model: string, usage: TokenUsage): void {
    this.tokens[role].input += usage.inputTokens;
    this.tokens[role].output += usage.outputTokens;
    const cost = estimateCostUsd(model, usage);
    // One call at an unknown price makes the total unknown rather than too low.
    this.cost = this.cost === null || cost === null ? null : this.cost + cost;
  }

  get costUsd(): number | null {
    return this.cost === null ? null : Math.round(this.cost * 1e6) / 1e6;
  }
}
