import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted stand-in for the OpenAI, Azure OpenAI and Anthropic HTTP APIs on 127.0.0.1, so the
 * real SDK clients can be tested without a network. It speaks each API's wire format (plain JSON,
 * server-sent events, error bodies) and answers whatever the script returns for a request; scripts
 * that answer by content ("a prompt with a Traceback gets a fix") are sturdier than by call order.
 */

export interface FakeRequest {
  api: 'chat' | 'responses' | 'messages';
  /** The request path with its query, e.g. "/v1/chat/completions". */
  path: string;
  /** The model from the body, or the Azure deployment name from the path. */
  model: string;
  /** System, developer and `instructions` text, joined. */
  system: string;
  /** The text of every other message, joined with blank lines. */
  prompt: string;
  stream: boolean;
  body: unknown;
  headers: IncomingHttpHeaders;
}

export type FakeReply =
  | {
      text: string;
      usage?: { input: number; output: number };
      /** Streaming only: send this many pieces of the text, then stall with the socket open. */
      stallAfterPieces?: number;
    }
  | { status: number; message?: string; retryAfterMs?: number }
  | { hang: true };

export interface FakeLlmServer {
  /** http://127.0.0.1:PORT, also the Azure endpoint. */
  url: string;
  /** url + '/v1', the OpenAI SDK's baseURL. */
  openaiBaseUrl: string;
  /** The Anthropic SDK's baseURL (it adds /v1 itself). */
  anthropicBaseUrl: string;
  /** Every request received, in order, including failed and hanging ones. */
  requests: FakeRequest[];
  /** Stops listening and drops open connections, hanging ones included. */
  close(): Promise<void>;
}

type Script = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

/** Stream text in pieces of this many characters, so a client sees several deltas. */
const STREAM_PIECE = 16;

export async function startFakeLlmServer(script: Script): Promise<FakeLlmServer> {
  const requests: FakeRequest[] = [];
  let nextId = 1;
  const newId = (prefix: string) => `${prefix}_fake${String(nextId++).padStart(6, '0')}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake server failed: ${String(error)}` } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const route = routeOf(req.method ?? 'GET', path);
    if (!route) {
      sendJson(res, 404, openaiErrorBody(404, `Unknown request URL: ${req.method} ${path}.`));
      return;
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (!isRecord(parsed)) throw new Error('body is not an object');
      body = parsed;
    } catch {
      sendError(res, route.api, 400, 'We could not parse the JSON body of your request.');
      return;
    }
    const request = describeRequest(route, path, body, req.headers);
    requests.push(request);

    let reply: FakeReply;
    try {
      reply = await script(request);
    } catch (error) {
      sendError(res, route.api, 500, `The fake server's script threw: ${String(error)}`);
      return;
    }
    if ('hang' in reply) return; // Never answer; close() drops the socket.
    if ('status' in reply) {
      if (reply.retryAfterMs !== undefined) res.setHeader('retry-after-ms', String(reply.retryAfterMs));
      sendError(res, route.api, reply.status, reply.message ?? defaultErrorMessage(reply.status));
      return;
    }
    const usage = reply.usage ?? {
      input: estimateTokens(request.system + request.prompt),
      output: estimateTokens(reply.text),
    };
    const answer: Answer = { id: '', model: request.model, text: reply.text, usage, stallAfter: reply.stallAfterPieces };
    switch (route.api) {
      case 'chat':
        answer.id = newId('chatcmpl');
        if (request.stream) sendChatStream(res, answer, includeUsage(body));
        else sendJson(res, 200, chatCompletion(answer));
        return;
      case 'responses':
        answer.id = newId('resp');
        if (request.stream) sendResponsesStream(res, answer, newId('msg'));
        else sendJson(res, 200, responseObject(answer, 'completed', newId('msg')));
        return;
      case 'messages':
        answer.id = newId('msg');
        if (request.stream) sendMessagesStream(res, answer);
        else sendJson(res, 200, anthropicMessage(answer, 'end_turn'));
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---- requests ---------------------------------------------------------------------------------

interface Route {
  api: FakeRequest['api'];
  /** The Azure deployment named in the path. */
  deployment?: string;
}

function routeOf(method: string, path: string): Route | undefined {
  if (method !== 'POST') return undefined;
  const pathname = path.split('?')[0] ?? '';
  if (pathname === '/v1/chat/completions') return { api: 'chat' };
  if (pathname === '/v1/responses') return { api: 'responses' };
  if (pathname === '/v1/messages') return { api: 'messages' };
  const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(pathname);
  if (azure?.[1]) return { api: 'chat', deployment: decodeURIComponent(azure[1]) };
  return undefined;
}

function describeRequest(
  route: Route,
  path: string,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
): FakeRequest {
  const system: string[] = [];
  const prompt: string[] = [];
  const addMessages = (messages: unknown) => {
    if (!Array.isArray(messages)) return;
    for (const message of messages) {
      if (!isRecord(message)) continue;
      const isSystem = message.role === 'system' || message.role === 'developer';
      (isSystem ? system : prompt).push(textOf(message.content));
    }
  };
  switch (route.api) {
    case 'chat':
      addMessages(body.messages);
      break;
    case 'responses':
      if (typeof body.instructions === 'string') system.push(body.instructions);
      if (typeof body.input === 'string') prompt.push(body.input);
      else addMessages(body.input);
      break;
    case 'messages':
      if (body.system !== undefined) system.push(textOf(body.system));
      addMessages(body.messages);
      break;
  }
  return {
    api: route.api,
    path,
    model: typeof body.model === 'string' ? body.model : (route.deployment ?? ''),
    system: system.join('\n\n'),
    prompt: prompt.join('\n\n'),
    stream: body.stream === true,
    body,
    headers,
  };
}

/** Message content is a string or a list of parts ({type: 'text' | 'input_text', text}). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}

function includeUsage(body: Record<string, unknown>): boolean {
  return isRecord(body.stream_options) && body.stream_options.include_usage === true;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function pieces(text: string): string[] {
  const result: string[] = [];
  for (let start = 0; start < text.length; start += STREAM_PIECE) result.push(text.slice(start, start + STREAM_PIECE));
  return result;
}

// ---- replies ----------------------------------------------------------------------------------

interface Answer {
  id: string;
  model: string;
  text: string;
  usage: { input: number; output: number };
  stallAfter: number | undefined;
}

/** Sends each piece of the text; false when the reply is to stall instead of finishing. */
function sendPieces(answer: Answer, send: (piece: string) => void): boolean {
  const all = pieces(answer.text);
  for (const piece of all.slice(0, answer.stallAfter)) send(piece);
  return answer.stallAfter === undefined || answer.stallAfter >= all.length;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(json)),
    'x-request-id': 'req_fake',
    'request-id': 'req_fake',
    ...headers,
  });
  res.end(json);
}

function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': 'req_fake',
    'request-id': 'req_fake',
  });
}

/** One server-sent event; `event:` lines are used by the Responses and Anthropic APIs. */
function sendEvent(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

function sendError(res: ServerResponse, api: FakeRequest['api'], status: number, message: string): void {
  sendJson(res, status, api === 'messages' ? anthropicErrorBody(status, message) : openaiErrorBody(status, message));
}

function defaultErrorMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status === 401) return 'Incorrect API key provided.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return `Request failed with status ${status}.`;
}

function openaiErrorBody(status: number, message: string): unknown {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null;
  return { error: { message, type, param: null, code } };
}

function anthropicErrorBody(status: number, message: string): unknown {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    529: 'overloaded_error',
  };
  return { type: 'error', error: { type: types[status] ?? 'api_error', message }, request_id: 'req_fake' };
}

// OpenAI Chat Completions

function created(): number {
  return Math.floor(Date.now() / 1000);
}

function chatUsage(usage: Answer['usage']): unknown {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function chatCompletion(answer: Answer): unknown {
  return {
    id: answer.id,
    object: 'chat.completion',
    created: created(),
    model: answer.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: chatUsage(answer.usage),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}

function sendChatStream(res: ServerResponse, answer: Answer, withUsage: boolean): void {
  startEventStream(res);
  const envelope = () => ({
    id: answer.id,
    object: 'chat.completion.chunk',
    created: created(),
    model: answer.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  });
  const chunk = (delta: unknown, finishReason: string | null) => ({
    ...envelope(),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage every chunk has usage: null except the last, usage-only one.
    ...(withUsage ? { usage: null } : {}),
  });
  sendEvent(res, chunk({ role: 'assistant', content: '', refusal: null }, null));
  if (!sendPieces(answer, (piece) => sendEvent(res, chunk({ content: piece }, null)))) return;
  sendEvent(res, chunk({}, 'stop'));
  if (withUsage) {
    sendEvent(res, {
      ...envelope(),
      choices: [],
      usage: chatUsage(answer.usage),
    });
  }
  res.end('data: [DONE]\n\n');
}

// OpenAI Responses

function messageItem(answer: Answer, itemId: string, status: 'in_progress' | 'completed', withText: boolean): unknown {
  return {
    id: itemId,
    type: 'message',
    status,
    role: 'assistant',
    content: withText ? [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }] : [],
  };
}

function responseObject(answer: Answer, status: 'in_progress' | 'completed', itemId: string): unknown {
  const done = status === 'completed';
  return {
    id: answer.id,
    object: 'response',
    created_at: created(),
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: answer.model,
    output: done ? [messageItem(answer, itemId, 'completed', true)] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: done
      ? {
          input_tokens: answer.usage.input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: answer.usage.output,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: answer.usage.input + answer.usage.output,
        }
      : null,
    user: null,
    metadata: {},
  };
}

function sendResponsesStream(res: ServerResponse, answer: Answer, itemId: string): void {
  startEventStream(res);
  let sequence = 0;
  const send = (type: string, fields: Record<string, unknown>) =>
    sendEvent(res, { type, sequence_number: sequence++, ...fields }, type);
  const part = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });
  const at = { item_id: itemId, output_index: 0, content_index: 0 };

  send('response.created', { response: responseObject(answer, 'in_progress', itemId) });
  send('response.in_progress', { response: responseObject(answer, 'in_progress', itemId) });
  send('response.output_item.added', { output_index: 0, item: messageItem(answer, itemId, 'in_progress', false) });
  send('response.content_part.added', { ...at, part: part('') });
  if (!sendPieces(answer, (piece) => send('response.output_text.delta', { ...at, delta: piece, logprobs: [] }))) return;
  send('response.output_text.done', { ...at, text: answer.text, logprobs: [] });
  send('response.content_part.done', { ...at, part: part(answer.text) });
  send('response.output_item.done', { output_index: 0, item: messageItem(answer, itemId, 'completed', true) });
  send('response.completed', { response: responseObject(answer, 'completed', itemId) });
  res.end();
}

// Anthropic Messages

function anthropicUsage(input: number, output: number): unknown {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    service_tier: 'standard',
  };
}

function anthropicMessage(answer: Answer, stopReason: string | null): unknown {
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: stopReason ? [{ type: 'text', text: answer.text }] : [],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: anthropicUsage(answer.usage.input, stopReason ? answer.usage.output : 1),
  };
}

function sendMessagesStream(res: ServerResponse, answer: Answer): void {
  startEventStream(res);
  const send = (type: string, fields: Record<string, unknown> = {}) => sendEvent(res, { type, ...fields }, type);
  send('message_start', { message: anthropicMessage(answer, null) });
  send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  send('ping');
  const finished = sendPieces(answer, (piece) =>
    send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
  );
  if (!finished) return;
  send('content_block_stop', { index: 0 });
  send('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: answer.usage.output },
  });
  send('message_stop');
  res.end();
}

/** Engine settings for both roles pointed at the fake server, with no retries. */
export function rolesOn(server: FakeLlmServer, models = { generator: 'gpt-5.4', fixer: 'claude-sonnet-4-6' }) {
  return {
    generator: { provider: 'openai' as const, model: models.generator, baseUrl: server.openaiBaseUrl, maxRetries: 0 },
    fixer: { provider: 'anthropic' as const, model: models.fixer, baseUrl: server.anthropicBaseUrl, maxRetries: 0 },
  };
}
