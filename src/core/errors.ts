/**
 * Errors a user can meet. Each carries one sentence meant for the user; front ends
 * show `message` and never only a stack trace.
 */
export class AdsaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad or missing configuration: no task.md, no API key, Python not found, a bad option. */
export class ConfigError extends AdsaError {}

/** Another run holds the workspace lock. */
export class LockedError extends AdsaError {}

/** An LLM call failed after retries, or its reply could not be used. */
export class LlmError extends AdsaError {}

/** A fixer reply could not be parsed or its edits do not apply to the code. */
export class EditError extends AdsaError {}
