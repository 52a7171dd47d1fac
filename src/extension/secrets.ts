import * as vscode from 'vscode';
import { PROVIDER_LABELS, requiredSecrets } from '../core/llm/providerSecrets';
import { ProviderNameSchema, type ProviderName, type SecretSource } from '../core/llm/types';

/** Every variable "Set API Key" can store; SecretStorage keys are the variables' names. */
export const SECRET_NAMES = [...new Set(ProviderNameSchema.options.flatMap((provider) => requiredSecrets(provider)))];

/**
 * A snapshot of SecretStorage over process.env. SecretStorage is asynchronous and the engine
 * reads secrets synchronously, so the stored ones are read once before a run.
 */
export async function loadSecretSource(storage: vscode.SecretStorage): Promise<SecretSource> {
  const stored = new Map<string, string>();
  for (const name of SECRET_NAMES) {
    const value = await storage.get(name);
    if (value) stored.set(name, value);
  }
  return (name) => stored.get(name) ?? process.env[name];
}

/** "ADSA: Set API Key": pick a provider, then enter each of its variables. Returns whether something was stored. */
export async function setApiKey(storage: vscode.SecretStorage): Promise<boolean> {
  const providers = ProviderNameSchema.options.filter((provider) => requiredSecrets(provider).length > 0);
  const items = await Promise.all(
    providers.map(async (provider) => ({
      label: PROVIDER_LABELS[provider],
      description: requiredSecrets(provider).join(', '),
      detail: (await isStored(storage, provider)) ? 'Stored in VS Code secret storage' : undefined,
      provider,
    })),
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'ADSA: Set API Key',
    placeHolder: 'Which provider?',
    ignoreFocusOut: true,
  });
  if (!picked) return false;

  let storedAny = false;
  for (const name of requiredSecrets(picked.provider)) {
    const isKey = /KEY/.test(name);
    const value = await vscode.window.showInputBox({
      title: `${picked.label}: ${name}`,
      prompt: isKey
        ? `Stored in VS Code's secret storage, never in settings. It takes precedence over the ${name} environment variable.`
        : `For example https://my-resource.openai.azure.com. Stored in VS Code's secret storage.`,
      password: isKey,
      ignoreFocusOut: true,
      value: isKey ? undefined : await storage.get(name),
      validateInput: (text) => (text.trim() ? undefined : `Enter ${name}, or press Escape to cancel.`),
    });
    if (value === undefined) break;
    await storage.store(name, value.trim());
    storedAny = true;
  }
  if (storedAny) void vscode.window.showInformationMessage(`ADSA: stored the ${picked.label} settings in secret storage.`);
  return storedAny;
}

async function isStored(storage: vscode.SecretStorage, provider: ProviderName): Promise<boolean> {
  for (const name of requiredSecrets(provider)) {
    if (!(await storage.get(name))) return false;
  }
  return true;
}
