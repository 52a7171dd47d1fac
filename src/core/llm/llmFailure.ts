import { LlmError } from '../errors';
import { PROVIDER_LABELS } from './providerSecrets';
import type { ProviderName, Role } from './types';

/** What went wrong with a call, in terms both SDKs' errors map onto. */
export type Failure =
  | { kind: 'aborted' }
  | { kind: 'timeout' }
  | { kind: 'connection'; cause: unknown }
  | { kind: 'status'; status: number; serverMessage: string }
  | { kind: 'other'; cause: unknown };

/** The facts about a call that its error sentence is made of. */
export interface CallContext {
  role: Role;
  provider: ProviderName;
  model: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  /** Values to scrub from any message (the API key), in case a server echoes them back. */
  secretValues: string[];
}

const MAX_SERVER_MESSAGE = 300;

/**
 * One sentence for the user; never the API key, never a stack trace. The SDK error is not kept
 * as `cause`: its text may hold whatever a server echoed back, the key included.
 */
export function failureToLlmError(failure: Failure, call: CallContext): LlmError {
  // Scrub before shortening, so a cut cannot leave part of a key behind.
  const clean = (text: string) => shorten(redact(text, call.secretValues));
  const who = `The ${call.role}'s request to ${PROVIDER_LABELS[call.provider]} (${call.model})`;
  let sentence: string;
  switch (failure.kind) {
    case 'aborted':
      sentence = `${who} was cancelled.`;
      break;
    case 'timeout':
      sentence = `${who} timed out after ${formatDuration(call.timeoutMs)}${retriesNote(call)}.`;
      break;
    case 'connection':
      sentence = `${who} could not reach ${call.baseUrl}${retriesNote(call)}: ${clean(innermostReason(failure.cause))}.`;
      break;
    case 'status': {
      const retried = isRetryableStatus(failure.status) ? retriesNote(call) : '';
      const message = clean(failure.serverMessage);
      const detail = message ? `: ${message}${/[.!?…]$/.test(message) ? '' : '.'}` : '.';
      sentence = `${who} failed with HTTP ${failure.status}${retried}${detail}`;
      break;
    }
    case 'other':
      sentence = `${who} failed: ${clean(innermostReason(failure.cause))}.`;
      break;
  }
  return new LlmError(redact(sentence, call.secretValues));
}

/** A reply with no text is useless to the loop, so it counts as a failure. */
export function emptyReplyError(call: CallContext, stopReason: string | null | undefined): LlmError {
  const reason = stopReason ? ` (stop reason: ${stopReason})` : '';
  return new LlmError(
    `The ${call.role}'s request to ${PROVIDER_LABELS[call.provider]} (${call.model}) got an empty reply${reason}.`,
  );
}

// The SDKs retry these statuses (and time-outs and connection errors) up to maxRetries times.
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function retriesNote(call: CallContext): string {
  return call.maxRetries === 0 ? '' : ` (${call.maxRetries + 1} attempts)`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE - 1)}…` : oneLine;
}

/** The most specific reason in a cause chain: fetch's "fetch failed" hides ECONNREFUSED beneath it. */
function innermostReason(error: unknown): string {
  let reason = 'unknown error';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    reason = typeof code === 'string' ? code : current.message || reason;
    current = current.cause;
  }
  return reason.replace(/[.\s]+$/, '');
}

function redact(text: string, secretValues: string[]): string {
  return secretValues
    .filter((value) => value.length >= 4)
    .reduce((result, value) => result.split(value).join('[redacted]'), text);
}
