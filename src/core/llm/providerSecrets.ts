import { ConfigError } from '../errors';
import type { ProviderName, Role, SecretSource } from './types';

/** How each provider is named in messages to the user. */
export const PROVIDER_LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  anthropic: 'Anthropic',
  'openai-compatible': 'an OpenAI-compatible server',
};

const REQUIRED: Record<ProviderName, readonly string[]> = {
  openai: ['OPENAI_API_KEY'],
  azure: ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT'],
  anthropic: ['ANTHROPIC_API_KEY'],
  // Local servers (Ollama, vLLM) need no key, and the base URL may come from the role's settings.
  'openai-compatible': [],
};

/** The variables a provider cannot work without (for "ADSA: Set API Key"). */
export function requiredSecrets(provider: ProviderName): string[] {
  return [...REQUIRED[provider]];
}

/** Reads a variable, treating blank values as unset. */
export function readSecret(secrets: SecretSource, name: string): string | undefined {
  const value = secrets(name)?.trim();
  return value ? value : undefined;
}

/** A value the role needs, or a ConfigError naming the role, provider and variable. */
export function requireSecret(
  role: Role,
  provider: ProviderName,
  name: string,
  value: string | undefined,
): string {
  if (value !== undefined) return value;
  throw new ConfigError(`The ${role} uses ${PROVIDER_LABELS[provider]} but ${name} is not set.`);
}
