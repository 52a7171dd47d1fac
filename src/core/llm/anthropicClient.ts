import {
  type Anthropic,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { LlmError } from '../errors';
import { type CallContext, emptyReplyError, type Failure, failureToLlmError } from './llmFailure';
import type { LlmClient, LlmRequest, LlmResponse, ProviderName } from './types';

/**
 * The Anthropic Messages API. Retries on 429/5xx/529 and the per-request time-out are the
 * SDK's own (maxRetries, timeout set on the SDK client).
 */
export class AnthropicClient implements LlmClient {
  readonly provider: ProviderName = 'anthropic';
  readonly model: string;

  constructor(
    private readonly sdk: Anthropic,
    private readonly call: CallContext,
    private readonly maxOutputTokens: number,
  ) {
    this.model = call.model;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    try {
      const message = request.onDelta
        ? await this.streamed(request, request.onDelta)
        : await this.sdk.messages.create(this.params(request), { signal: request.signal });
      return this.finish(message);
    } catch (error) {
      // Whatever the SDK made of a cancelled call, it is reported as cancelled.
      if (request.signal?.aborted) throw failureToLlmError({ kind: 'aborted' }, this.call);
      if (error instanceof LlmError) throw error;
      throw failureToLlmError(classify(error), this.call);
    }
  }

  private async streamed(request: LlmRequest, onDelta: (text: string) => void): Promise<Message> {
    const stream = this.sdk.messages.stream(this.params(request), { signal: request.signal });
    stream.on('text', (delta) => onDelta(delta));
    return stream.finalMessage();
  }

  private params(request: LlmRequest): MessageCreateParamsNonStreaming {
    return {
      model: this.model,
      max_tokens: this.maxOutputTokens,
      ...(request.system ? { system: request.system } : {}),
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    };
  }

  private finish(message: Message): LlmResponse {
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    if (!text.trim()) throw emptyReplyError(this.call, message.stop_reason);
    const usage = message.usage;
    return {
      text,
      usage: {
        // Cached prompt tokens are reported apart from input_tokens; all of them were read.
        inputTokens:
          usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
        outputTokens: usage.output_tokens,
      },
      model: message.model || this.model,
    };
  }
}

function classify(error: unknown): Failure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection', cause: error };
  if (error instanceof APIError && error.status !== undefined) {
    return {
      kind: 'status',
      status: error.status,
      serverMessage: error.apiMessage ?? error.message.replace(/^\d{3}\s+/, ''),
    };
  }
  return { kind: 'other', cause: error };
}
