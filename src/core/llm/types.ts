import { z } from 'zod';

/** The two jobs a model does in the loop. */
export const RoleSchema = z.enum(['generator', 'fixer']);
export type Role = z.infer<typeof RoleSchema>;

export const ProviderNameSchema = z.enum(['openai', 'azure', 'anthropic', 'openai-compatible']);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** What a role is configured with; API keys are never part of it (they come from env or SecretStorage). */
export const RoleConfigSchema = z.object({
  provider: ProviderNameSchema,
  model: z.string().min(1),
  /** Overrides the provider's base URL (OpenAI-compatible servers, tests). */
  baseUrl: z.string().url().optional(),
  /** Per request, in milliseconds. */
  timeoutMs: z.number().int().positive().default(600_000),
  maxRetries: z.number().int().min(0).default(4),
  maxOutputTokens: z.number().int().positive().default(32_000),
});
export type RoleConfig = z.infer<typeof RoleConfigSchema>;

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  system: string;
  messages: ChatMessage[];
  /** Cancels the call (user pressed Stop). */
  signal?: AbortSignal;
  /** When given, the client streams and reports text as it arrives. */
  onDelta?: (text: string) => void;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmResponse {
  text: string;
  usage: TokenUsage;
  model: string;
}

/** One interface over every provider; the loop only ever sees this. */
export interface LlmClient {
  readonly provider: ProviderName;
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/**
 * Where API keys and endpoints come from: the process environment for the CLI,
 * SecretStorage layered over it in the extension.
 */
export type SecretSource = (name: string) => string | undefined;
