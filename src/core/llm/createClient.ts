import { Anthropic } from '@anthropic-ai/sdk';
import { AzureOpenAI, OpenAI } from 'openai';
import { AnthropicClient } from './anthropicClient';
import type { CallContext } from './llmFailure';
import { OpenAiChatClient } from './openaiChatClient';
import { readSecret, requireSecret } from './providerSecrets';
import type { LlmClient, Role, RoleConfig, SecretSource } from './types';

/** The newest generally available Azure OpenAI data-plane version; OPENAI_API_VERSION overrides it. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** Ollama and vLLM accept any key (or none), but the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'not-needed';

/**
 * Builds the client for one role. Every key, endpoint and base URL is passed to the SDK
 * explicitly, so the SDKs never fall back on process.env: the secrets come only from `secrets`
 * (the environment in the CLI, SecretStorage over it in the extension).
 * Throws ConfigError when the provider's key or endpoint is missing.
 */
export function createLlmClient(role: Role, config: RoleConfig, secrets: SecretSource): LlmClient {
  const { provider, model } = config;
  const common = {
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // The engine never prints; failures reach the user as LlmError.
    logLevel: 'off',
  } as const;
  const context = (baseUrl: string, apiKey: string): CallContext => ({
    role,
    provider,
    model,
    baseUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    secretValues: [apiKey],
  });

  switch (provider) {
    case 'openai': {
      const apiKey = requireSecret(role, provider, 'OPENAI_API_KEY', readSecret(secrets, 'OPENAI_API_KEY'));
      const baseURL = config.baseUrl ?? readSecret(secrets, 'OPENAI_BASE_URL') ?? OPENAI_DEFAULT_BASE_URL;
      const sdk = new OpenAI({
        ...common,
        apiKey,
        baseURL,
        organization: readSecret(secrets, 'OPENAI_ORG_ID') ?? null,
        project: readSecret(secrets, 'OPENAI_PROJECT_ID') ?? null,
      });
      return new OpenAiChatClient(sdk, context(baseURL, apiKey), config.maxOutputTokens);
    }
    case 'openai-compatible': {
      const baseURL = requireSecret(
        role,
        provider,
        'OPENAI_BASE_URL',
        config.baseUrl ?? readSecret(secrets, 'OPENAI_BASE_URL'),
      );
      const apiKey = readSecret(secrets, 'OPENAI_API_KEY') ?? PLACEHOLDER_API_KEY;
      const sdk = new OpenAI({ ...common, apiKey, baseURL, organization: null, project: null });
      return new OpenAiChatClient(sdk, context(baseURL, apiKey), config.maxOutputTokens);
    }
    case 'azure': {
      const apiKey = requireSecret(role, provider, 'AZURE_OPENAI_API_KEY', readSecret(secrets, 'AZURE_OPENAI_API_KEY'));
      const endpoint = requireSecret(
        role,
        provider,
        'AZURE_OPENAI_ENDPOINT',
        config.baseUrl ?? readSecret(secrets, 'AZURE_OPENAI_ENDPOINT'),
      );
      const sdk = new AzureOpenAI({
        ...common,
        apiKey,
        endpoint,
        // On Azure the model name is the deployment's name.
        deployment: model,
        apiVersion: readSecret(secrets, 'OPENAI_API_VERSION') ?? DEFAULT_AZURE_API_VERSION,
        // null keeps the SDK from reading OPENAI_BASE_URL, which it would reject next to endpoint.
        baseURL: null,
        organization: null,
        project: null,
      });
      return new OpenAiChatClient(sdk, context(endpoint, apiKey), config.maxOutputTokens);
    }
    case 'anthropic': {
      const apiKey = requireSecret(role, provider, 'ANTHROPIC_API_KEY', readSecret(secrets, 'ANTHROPIC_API_KEY'));
      const baseURL = config.baseUrl ?? readSecret(secrets, 'ANTHROPIC_BASE_URL') ?? ANTHROPIC_DEFAULT_BASE_URL;
      const sdk = new Anthropic({ ...common, apiKey, baseURL, webhookKey: null });
      return new AnthropicClient(sdk, context(baseURL, apiKey), config.maxOutputTokens);
    }
  }
}
