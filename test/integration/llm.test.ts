import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OpenAI } from 'openai';
import { ConfigError, LlmError } from '../../src/core/errors';
import { createLlmClient, DEFAULT_AZURE_API_VERSION } from '../../src/core/llm/createClient';
import { requiredSecrets } from '../../src/core/llm/providerSecrets';
import {
  type LlmRequest,
  type ProviderName,
  type RoleConfig,
  RoleConfigSchema,
  type SecretSource,
} from '../../src/core/llm/types';
import { type FakeLlmServer, type FakeReply, type FakeRequest, startFakeLlmServer } from '../helpers/fakeLlmServer';

const OPENAI_KEY = 'sk-test-openai-0123456789abcdef';
const AZURE_KEY = 'azure-test-key-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-test-0123456789abcdef';

const REPLY = 'Here is the fixed solution.py, which now reads the CSV correctly.';

function secretsOf(values: Record<string, string>): SecretSource {
  return (name) => values[name];
}

function roleConfig(fields: Partial<RoleConfig> & Pick<RoleConfig, 'provider' | 'model'>): RoleConfig {
  return RoleConfigSchema.parse({ maxRetries: 0, timeoutMs: 10_000, ...fields });
}

/** A client of the given provider pointed at the fake server, with that provider's secrets. */
function clientFor(server: FakeLlmServer, provider: ProviderName, model: string, extra: Partial<RoleConfig> = {}) {
  switch (provider) {
    case 'openai':
      return createLlmClient(
        'generator',
        roleConfig({ provider, model, ...extra }),
        secretsOf({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.openaiBaseUrl }),
      );
    case 'openai-compatible':
      return createLlmClient('generator', roleConfig({ provider, model, baseUrl: server.openaiBaseUrl, ...extra }), secretsOf({}));
    case 'azure':
      return createLlmClient(
        'generator',
        roleConfig({ provider, model, ...extra }),
        secretsOf({ AZURE_OPENAI_API_KEY: AZURE_KEY, AZURE_OPENAI_ENDPOINT: server.url }),
      );
    case 'anthropic':
      return createLlmClient(
        'fixer',
        roleConfig({ provider, model, ...extra }),
        secretsOf({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.anthropicBaseUrl }),
      );
  }
}

async function withServer(
  script: (request: FakeRequest) => FakeReply | Promise<FakeReply>,
  body: (server: FakeLlmServer) => Promise<void>,
): Promise<void> {
  const server = await startFakeLlmServer(script);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const request: LlmRequest = {
  system: 'You are a careful data scientist.',
  messages: [
    { role: 'user', content: 'Traceback (most recent call last): KeyError: target' },
    { role: 'assistant', content: 'Which column is the target?' },
    { role: 'user', content: 'The column named label.' },
  ],
};

async function rejectsWithLlmError(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof LlmError, `expected LlmError, got ${String(error)}`);
  return error;
}

const MODELS: Record<ProviderName, string> = {
  openai: 'gpt-4.1',
  'openai-compatible': 'llama3.1:8b',
  azure: 'my-gpt-deployment',
  anthropic: 'claude-sonnet-4-6',
};

for (const provider of ['openai', 'azure', 'anthropic', 'openai-compatible'] as const) {
  describe(`${provider} through the real SDK`, () => {
    const model = MODELS[provider];

    test('plain call returns the text, usage and model, and sends the conversation', async () => {
      await withServer(
        () => ({ text: REPLY, usage: { input: 123, output: 45 } }),
        async (server) => {
          const response = await clientFor(server, provider, model).complete(request);
          assert.deepEqual(response, { text: REPLY, usage: { inputTokens: 123, outputTokens: 45 }, model });

          assert.equal(server.requests.length, 1);
          const got = server.requests[0]!;
          assert.equal(got.api, provider === 'anthropic' ? 'messages' : 'chat');
          assert.equal(got.stream, false);
          assert.equal(got.model, model);
          assert.equal(got.system, request.system);
          assert.equal(got.prompt, request.messages.map((message) => message.content).join('\n\n'));
        },
      );
    });

    test('streaming call reports the pieces through onDelta and returns the whole text and usage', async () => {
      await withServer(
        () => ({ text: REPLY, usage: { input: 77, output: 19 } }),
        async (server) => {
          const deltas: string[] = [];
          const response = await clientFor(server, provider, model).complete({
            ...request,
            onDelta: (text) => deltas.push(text),
          });
          assert.equal(response.text, REPLY);
          assert.deepEqual(response.usage, { inputTokens: 77, outputTokens: 19 });
          assert.ok(deltas.length > 1, `expected several deltas, got ${deltas.length}`);
          assert.equal(deltas.join(''), REPLY);
          assert.equal(server.requests[0]?.stream, true);
          if (provider !== 'anthropic') {
            assert.deepEqual((server.requests[0]?.body as { stream_options?: unknown }).stream_options, {
              include_usage: true,
            });
          }
        },
      );
    });

    test('a 429 is retried and the retry succeeds', async () => {
      let calls = 0;
      await withServer(
        () => (++calls === 1 ? { status: 429, retryAfterMs: 10 } : { text: REPLY }),
        async (server) => {
          const response = await clientFor(server, provider, model, { maxRetries: 2 }).complete(request);
          assert.equal(response.text, REPLY);
          assert.equal(server.requests.length, 2);
        },
      );
    });

    test('a persistent 500 becomes an LlmError naming the status, after the retries', async () => {
      await withServer(
        () => ({ status: 500, message: 'Something broke upstream.', retryAfterMs: 5 }),
        async (server) => {
          const error = await rejectsWithLlmError(clientFor(server, provider, model, { maxRetries: 2 }).complete(request));
          assert.match(error.message, /HTTP 500/);
          assert.match(error.message, /Something broke upstream\./);
          assert.ok(error.message.includes(model), error.message);
          assert.equal(server.requests.length, 3);
        },
      );
    });

    test('an empty reply is an LlmError', async () => {
      await withServer(
        () => ({ text: '' }),
        async (server) => {
          const error = await rejectsWithLlmError(clientFor(server, provider, model).complete(request));
          assert.match(error.message, /empty reply/);
        },
      );
    });
  });
}

describe('time-outs, cancelling and unreachable servers', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    test(`${provider}: an answer that never comes times out as an LlmError`, { timeout: 15_000 }, async () => {
      await withServer(
        () => ({ hang: true }),
        async (server) => {
          const client = clientFor(server, provider, MODELS[provider], { timeoutMs: 300, maxRetries: 0 });
          const error = await rejectsWithLlmError(client.complete(request));
          assert.match(error.message, /timed out after 300 ms/);
          assert.equal(server.requests.length, 1);
        },
      );
    });

    for (const streaming of [false, true]) {
      test(`${provider}: the signal cancels a ${streaming ? 'streaming' : 'plain'} call`, { timeout: 15_000 }, async () => {
        await withServer(
          () => ({ hang: true }),
          async (server) => {
            // The time-out is far beyond the test's, so only the signal can end the call.
            const client = clientFor(server, provider, MODELS[provider], { timeoutMs: 120_000, maxRetries: 3 });
            const controller = new AbortController();
            const call = client.complete({
              ...request,
              signal: controller.signal,
              ...(streaming ? { onDelta: () => undefined } : {}),
            });
            setTimeout(() => controller.abort(), 100);
            const error = await rejectsWithLlmError(call);
            assert.match(error.message, /was cancelled/);
            assert.equal(server.requests.length, 1);
          },
        );
      });
    }
  }

  for (const provider of ['openai', 'anthropic'] as const) {
    test(`${provider}: the signal cancels a stream that has already begun`, { timeout: 15_000 }, async () => {
      await withServer(
        () => ({ text: REPLY, stallAfterPieces: 1 }),
        async (server) => {
          const client = clientFor(server, provider, MODELS[provider], { timeoutMs: 120_000 });
          const controller = new AbortController();
          const deltas: string[] = [];
          const error = await rejectsWithLlmError(
            client.complete({
              ...request,
              signal: controller.signal,
              onDelta: (text) => {
                deltas.push(text);
                controller.abort();
              },
            }),
          );
          assert.match(error.message, /was cancelled/);
          assert.deepEqual(deltas, [REPLY.slice(0, 16)]);
        },
      );
    });
  }

  test('a server that is not there is an LlmError naming the address', async () => {
    const server = await startFakeLlmServer(() => ({ text: REPLY }));
    await server.close();
    const client = clientFor(server, 'openai', 'gpt-4.1', { maxRetries: 0 });
    const error = await rejectsWithLlmError(client.complete(request));
    assert.ok(error.message.includes(server.openaiBaseUrl), error.message);
    assert.match(error.message, /ECONNREFUSED/);
  });
});

describe('request shape', () => {
  test('a reasoning model gets max_completion_tokens, a developer message and no temperature', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        await clientFor(server, 'openai', 'o4-mini', { maxOutputTokens: 9000 }).complete(request);
        const body = server.requests[0]?.body as Record<string, unknown>;
        assert.equal(body.max_completion_tokens, 9000);
        assert.equal('max_tokens' in body, false);
        assert.equal('temperature' in body, false);
        const messages = body.messages as Array<{ role: string; content: string }>;
        assert.deepEqual(messages[0], { role: 'developer', content: request.system });
        assert.deepEqual(
          messages.slice(1).map((message) => message.role),
          ['user', 'assistant', 'user'],
        );
      },
    );
  });

  test('a non-reasoning model gets the system role and max_tokens, and no temperature', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        await clientFor(server, 'openai', 'gpt-4.1', { maxOutputTokens: 8000 }).complete(request);
        const body = server.requests[0]?.body as Record<string, unknown>;
        assert.equal(body.max_tokens, 8000);
        assert.equal('max_completion_tokens' in body, false);
        assert.equal('temperature' in body, false);
        assert.deepEqual((body.messages as unknown[])[0], { role: 'system', content: request.system });
      },
    );
  });

  test('Anthropic gets the system text apart, max_tokens from the config and the API key', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        await clientFor(server, 'anthropic', 'claude-opus-4-5', { maxOutputTokens: 12_345 }).complete(request);
        const got = server.requests[0]!;
        const body = got.body as Record<string, unknown>;
        assert.equal(got.path, '/v1/messages');
        assert.equal(body.system, request.system);
        assert.equal(body.max_tokens, 12_345);
        assert.equal('temperature' in body, false);
        assert.deepEqual(body.messages, request.messages);
        assert.ok(JSON.stringify(got.headers).includes(ANTHROPIC_KEY));
      },
    );
  });

  test('Azure calls the deployment path with the api-version and the api-key header', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        await clientFor(server, 'azure', 'prod-gpt', {}).complete(request);
        const got = server.requests[0]!;
        assert.equal(got.path, `/openai/deployments/prod-gpt/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`);
        assert.equal(got.headers['api-key'], AZURE_KEY);
      },
    );
  });

  test('OPENAI_API_VERSION from the secrets overrides the Azure default', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        const client = createLlmClient(
          'fixer',
          roleConfig({ provider: 'azure', model: 'prod-o3' }),
          secretsOf({ AZURE_OPENAI_API_KEY: AZURE_KEY, AZURE_OPENAI_ENDPOINT: server.url, OPENAI_API_VERSION: '2025-04-01-preview' }),
        );
        await client.complete(request);
        assert.match(server.requests[0]!.path, /\?api-version=2025-04-01-preview$/);
      },
    );
  });

  test('an OpenAI-compatible server gets the OPENAI_API_KEY when one is set, and a placeholder otherwise', async () => {
    await withServer(
      () => ({ text: REPLY }),
      async (server) => {
        const config = roleConfig({ provider: 'openai-compatible', model: 'qwen2.5-coder' });
        await createLlmClient('fixer', config, secretsOf({ OPENAI_BASE_URL: server.openaiBaseUrl })).complete(request);
        await createLlmClient(
          'fixer',
          config,
          secretsOf({ OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_API_KEY: 'local-key-1234' }),
        ).complete(request);
        assert.equal(server.requests.length, 2);
        assert.ok(server.requests[0]!.headers.authorization?.startsWith('Bearer '));
        assert.equal(server.requests[1]!.headers.authorization, 'Bearer local-key-1234');
      },
    );
  });
});

describe('configuration errors', () => {
  const cases: Array<[ProviderName, Record<string, string>, string]> = [
    ['openai', {}, 'The fixer uses OpenAI but OPENAI_API_KEY is not set.'],
    ['anthropic', {}, 'The fixer uses Anthropic but ANTHROPIC_API_KEY is not set.'],
    ['azure', { AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com' }, 'The fixer uses Azure OpenAI but AZURE_OPENAI_API_KEY is not set.'],
    ['azure', { AZURE_OPENAI_API_KEY: AZURE_KEY }, 'The fixer uses Azure OpenAI but AZURE_OPENAI_ENDPOINT is not set.'],
    ['openai-compatible', {}, 'The fixer uses an OpenAI-compatible server but OPENAI_BASE_URL is not set.'],
    ['anthropic', { ANTHROPIC_API_KEY: '   ' }, 'The fixer uses Anthropic but ANTHROPIC_API_KEY is not set.'],
  ];
  for (const [provider, secrets, message] of cases) {
    test(`${provider} with ${JSON.stringify(Object.keys(secrets))}: ${message}`, () => {
      assert.throws(
        () => createLlmClient('fixer', roleConfig({ provider, model: 'any-model' }), secretsOf(secrets)),
        (error: unknown) => error instanceof ConfigError && error.message === message,
      );
    });
  }

  test('keys in process.env are not read behind the secret source', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = ANTHROPIC_KEY;
    try {
      assert.throws(
        () => createLlmClient('generator', roleConfig({ provider: 'anthropic', model: 'claude-haiku-4-5' }), secretsOf({})),
        ConfigError,
      );
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  test('requiredSecrets names what each provider needs', () => {
    assert.deepEqual(requiredSecrets('openai'), ['OPENAI_API_KEY']);
    assert.deepEqual(requiredSecrets('azure'), ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT']);
    assert.deepEqual(requiredSecrets('anthropic'), ['ANTHROPIC_API_KEY']);
    assert.deepEqual(requiredSecrets('openai-compatible'), []);
  });
});

describe('the API key never appears in an error message', () => {
  const keys: Record<ProviderName, string> = {
    openai: OPENAI_KEY,
    azure: AZURE_KEY,
    anthropic: ANTHROPIC_KEY,
    'openai-compatible': 'unused',
  };
  for (const provider of ['openai', 'azure', 'anthropic'] as const) {
    test(`${provider}: a server that echoes the key back in a 401`, async () => {
      await withServer(
        (got) => ({
          status: 401,
          message: `Incorrect API key provided: ${got.headers.authorization ?? got.headers['api-key']}. Headers: ${JSON.stringify(got.headers)}`,
        }),
        async (server) => {
          const error = await rejectsWithLlmError(clientFor(server, provider, MODELS[provider]).complete(request));
          assert.match(error.message, /HTTP 401: Incorrect API key provided: (Bearer )?\[redacted\]/);
          // Not even a piece of it, where the long message is cut short.
          assert.equal(error.message.includes(keys[provider].slice(0, 10)), false, error.message);
        },
      );
    });
  }
});

describe('the fake server speaks the Responses API too', () => {
  test('plain and streaming, read by the real OpenAI SDK', async () => {
    await withServer(
      (got) => ({ text: `${got.system} | ${got.prompt}`, usage: { input: 5, output: 6 } }),
      async (server) => {
        const sdk = new OpenAI({ apiKey: OPENAI_KEY, baseURL: server.openaiBaseUrl, maxRetries: 0 });
        const plain = await sdk.responses.create({ model: 'gpt-5', instructions: 'Be brief.', input: 'Hello there' });
        assert.equal(plain.output_text, 'Be brief. | Hello there');
        assert.equal(plain.usage?.output_tokens, 6);

        const stream = await sdk.responses.create({
          model: 'gpt-5',
          input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stream a longer answer, please.' }] }],
          stream: true,
        });
        let streamed = '';
        let completedText = '';
        for await (const event of stream) {
          if (event.type === 'response.output_text.delta') streamed += event.delta;
          if (event.type === 'response.completed') {
            const item = event.response.output[0];
            const part = item?.type === 'message' ? item.content[0] : undefined;
            completedText = part?.type === 'output_text' ? part.text : '';
          }
        }
        assert.equal(streamed, ' | Stream a longer answer, please.');
        assert.equal(completedText, streamed);
        assert.deepEqual(
          server.requests.map((got) => [got.api, got.stream]),
          [
            ['responses', false],
            ['responses', true],
          ],
        );
      },
    );
  });
});
