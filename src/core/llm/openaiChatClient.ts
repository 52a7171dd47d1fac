import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  type OpenAI,
} from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { LlmError } from '../errors';
import { type CallContext, emptyReplyError, type Failure, failureToLlmError } from './llmFailure';
import { isReasoningModel } from './reasoningModels';
import type { LlmClient, LlmRequest, LlmResponse, ProviderName, TokenUsage } from './types';

/**
 * Chat Completions for OpenAI, Azure OpenAI and OpenAI-compatible servers. Retries on 429/5xx
 * and the per-request time-out are the SDK's own (maxRetries, timeout set on the SDK client).
 */
export class OpenAiChatClient implements LlmClient {
  readonly provider: ProviderName;
  readonly model: string;

  constructor(
    private readonly sdk: OpenAI,
    private readonly call: CallContext,
    private readonly maxOutputTokens: number,
  ) {
    this.provider = call.provider;
    this.model = call.model;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    try {
      return request.onDelta ? await this.streamed(request, request.onDelta) : await this.plain(request);
    } catch (error) {
      // Whatever the SDK made of a cancelled call, it is reported as cancelled.
      if (request.signal?.aborted) throw failureToLlmError({ kind: 'aborted' }, this.call);
      if (error instanceof LlmError) throw error;
      throw failureToLlmError(classify(error), this.call);
    }
  }

  private async plain(request: LlmRequest): Promise<LlmResponse> {
    const completion = await this.sdk.chat.completions.create(this.params(request), {
      signal: request.signal,
    });
    const choice = completion.choices[0];
    return this.finish(
      choice?.message.content ?? '',
      choice?.finish_reason,
      completion.model,
      completion.usage,
    );
  }

  private async streamed(request: LlmRequest, onDelta: (text: string) => void): Promise<LlmResponse> {
    const stream = await this.sdk.chat.completions.create(
      { ...this.params(request), stream: true, stream_options: { include_usage: true } },
      { signal: request.signal },
    );
    let text = '';
    let finishReason: string | undefined;
    let model: string | undefined;
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      model ??= chunk.model;
      // With include_usage the last chunk carries the usage and no choices.
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const piece = choice?.delta?.content;
      if (piece) {
        text += piece;
        onDelta(piece);
      }
    }
    // The SDK's stream ends quietly when aborted, which would pass a partial reply for a whole one.
    if (request.signal?.aborted) throw new APIUserAbortError();
    return this.finish(text, finishReason, model, usage);
  }

  private params(request: LlmRequest): ChatCompletionCreateParamsNonStreaming {
    // Reasoning models take no temperature (none is sent for any model), count output with
    // max_completion_tokens, and read the system text as a developer message.
    const reasoning = isReasoningModel(this.model);
    const messages: ChatCompletionMessageParam[] = [];
    if (request.system) messages.push({ role: reasoning ? 'developer' : 'system', content: request.system });
    for (const message of request.messages) messages.push({ role: message.role, content: message.content });
    return reasoning
      ? { model: this.model, messages, max_completion_tokens: this.maxOutputTokens }
      : { model: this.model, messages, max_tokens: this.maxOutputTokens };
  }

  private finish(
    text: string,
    finishReason: string | null | undefined,
    model: string | undefined,
    usage: { prompt_tokens: number; completion_tokens: number } | null | undefined,
  ): LlmResponse {
    if (!text.trim()) throw emptyReplyError(this.call, finishReason);
    return { text, usage: toUsage(usage), model: model || this.model };
  }
}

function toUsage(usage: { prompt_tokens: number; completion_tokens: number } | null | undefined): TokenUsage {
  // Some OpenAI-compatible servers report no usage; zero is the honest count we have.
  return { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 };
}

function classify(error: unknown): Failure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection', cause: error };
  if (error instanceof APIError && error.status !== undefined) {
    return { kind: 'status', status: error.status, serverMessage: serverMessage(error) };
  }
  return { kind: 'other', cause: error };
}

/** OpenAI puts the message in `error.message`; compatible servers sometimes send a bare string. */
function serverMessage(error: APIError): string {
  const body: unknown = error.error;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  return error.message.replace(/^\d{3}\s+/, '');
}
