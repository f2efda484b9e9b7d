import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { campaignPlanPrompt, classificationPrompt, contentPrompt, replyPrompt, type Prompt } from './prompts.ts';
import { campaignPlanFor, classificationFor, generatedContentFor, replyDraftSchema } from './schemas.ts';
import { refusesJsonSchema, strictJsonSchema, type StructuredOutputsMode } from './structured-output.ts';
import { AiProviderError, type AiProvider, type AiResult } from './types.ts';

export interface OpenAiProviderOptions {
  apiKey: string;
  baseURL?: string;
  chatModel: string;
  embeddingModel: string;
  timeoutMs: number;
  maxRetries: number;
  /** Sent as max_tokens (understood by OpenAI and compatible servers alike). */
  maxCompletionTokens: number;
  /** auto: ask for the reply's JSON schema, and fall back to JSON mode where the server refuses it. */
  structuredOutputs?: StructuredOutputsMode;
}

// Servers (by base URL) that refused a `json_schema` response format in this process: in auto
// mode they are asked for plain JSON mode from then on.
const refusingJsonSchema = new Set<string>();
const OPENAI_URL = 'https://api.openai.com/v1';

interface Usage {
  promptTokens: number;
  completionTokens: number;
}

type Checked<T> = { value: T } | { error: string };

export function createOpenAiProvider(options: OpenAiProviderOptions): AiProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: refuseLongRetryAfter(options.timeoutMs),
  });

  async function callApi<T>(call: () => Promise<T>, model: string, usage: Usage): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AiProviderError(describeFailure(error, options), model, { ...usage });
    }
  }

  const mode = options.structuredOutputs ?? 'auto';
  const serverKey = options.baseURL ?? OPENAI_URL;
  const useJsonSchema = () => mode === 'on' || (mode === 'auto' && !refusingJsonSchema.has(serverKey));

  async function complete(messages: ChatCompletionMessageParam[], output: StructuredOutput, model: string, usage: Usage) {
    const request = (responseFormat: ResponseFormat) => () =>
      client.chat.completions.create({ model: options.chatModel, messages, response_format: responseFormat, max_tokens: options.maxCompletionTokens });
    if (!useJsonSchema()) return callApi(request(JSON_MODE), model, usage);
    const jsonSchema: ResponseFormat = { type: 'json_schema', json_schema: { name: output.name, strict: true, schema: strictJsonSchema(output.schema) } };
    try {
      return await request(jsonSchema)();
    } catch (error) {
      if (mode === 'auto' && error instanceof APIError && refusesJsonSchema(error.status, error.message, error.param)) {
        refusingJsonSchema.add(serverKey);
        return callApi(request(JSON_MODE), model, usage);
      }
      throw new AiProviderError(describeFailure(error, options), model, { ...usage });
    }
  }

  async function chatJson<T>(prompt: Prompt, output: StructuredOutput, check: (data: unknown) => Checked<T>): Promise<AiResult<T>> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    const usage: Usage = { promptTokens: 0, completionTokens: 0 };
    let model = options.chatModel;

    for (let attempt = 1; ; attempt++) {
      const completion = await complete(messages, output, model, usage);
      usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage?.completion_tokens ?? 0;
      model = completion.model || model;

      const message = completion.choices?.[0]?.message;
      const content = message?.content ?? '';
      // A refusal's wording may quote the prompt, which no error or log may carry.
      const checked = content ? check(parseJson(content)) : { error: message?.refusal ? 'The model refused to answer.' : 'The reply was empty.' };
      if ('value' in checked) return { value: checked.value, model, ...usage };
      if (attempt === 2) throw new AiProviderError(`OpenAI's reply was still invalid after a repair attempt: ${checked.error}`, model, { ...usage });

      messages.push(
        { role: 'assistant', content },
        {
          role: 'user',
          content: `That reply is not valid:\n${checked.error}\nReply again with the corrected JSON object only, no other text.`,
        },
      );
    }
  }

  return {
    name: 'openai',
    planCampaign: (request) => {
      const schema = campaignPlanFor(request.durationDays);
      return chatJson(campaignPlanPrompt(request), { name: 'campaign_plan', schema }, (data) => checkSchema(schema, data));
    },
    writeContent: (request) => {
      const schema = generatedContentFor(request.platform);
      return chatJson(contentPrompt(request), { name: 'content', schema }, (data) => checkSchema(schema, data));
    },
    draftReply: (request) => chatJson(replyPrompt(request), { name: 'reply_draft', schema: replyDraftSchema }, (data) => checkSchema(replyDraftSchema, data)),
    classifyContent: (request) => {
      const schema = classificationFor(request.categories);
      return chatJson(classificationPrompt(request), { name: 'classification', schema }, (data) => checkSchema(schema, data));
    },

    async embed(texts) {
      const model = options.embeddingModel;
      if (texts.length === 0) return { value: [], model, promptTokens: 0, completionTokens: 0 };
      const response = await callApi(() => client.embeddings.create({ model, input: texts }), model, { promptTokens: 0, completionTokens: 0 });
      const usage = { promptTokens: response.usage?.prompt_tokens ?? 0, completionTokens: 0 };
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => normalise(item.embedding));
      if (vectors.length !== texts.length) {
        throw new AiProviderError(`OpenAI returned ${vectors.length} embeddings for ${texts.length} texts`, model, usage);
      }
      return { value: vectors, model: response.model || model, ...usage };
    },
  };
}

interface StructuredOutput {
  name: string;
  schema: z.ZodType;
}

type ResponseFormat = ChatCompletionCreateParamsNonStreaming['response_format'];
const JSON_MODE: ResponseFormat = { type: 'json_object' };

const invalidJson = Symbol('invalid JSON');

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return invalidJson;
  }
}

function checkSchema<T>(schema: z.ZodType<T>, data: unknown): Checked<T> {
  if (data === invalidJson) return { error: 'The reply is not parseable JSON.' };
  const result = schema.safeParse(data);
  return result.success ? { value: result.data } : { error: z.prettifyError(result.error) };
}

function normalise(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length === 0 ? vector : vector.map((x) => x / length);
}

// Some gateways echo the key they were sent in their error message; it must not reach logs or clients.
function describeFailure(error: unknown, options: OpenAiProviderOptions): string {
  return options.apiKey ? failureText(error, options).replaceAll(options.apiKey, '[redacted]') : failureText(error, options);
}

function failureText(error: unknown, options: OpenAiProviderOptions): string {
  const attempts = `${options.maxRetries + 1} attempt(s)`;
  if (error instanceof APIConnectionTimeoutError) return `OpenAI request timed out after ${options.timeoutMs} ms (${attempts})`;
  if (error instanceof APIConnectionError) return `OpenAI connection failed (${attempts}): ${rootCause(error).message}`;
  // The server's own words may quote the request (the prompt): only what classifies the failure.
  if (error instanceof APIError) return `OpenAI request failed: ${[error.status ? `HTTP ${error.status}` : 'no status', error.code, error.type, error.param && `param ${error.param}`].filter(Boolean).join(', ')}`;
  return `OpenAI request failed: ${error instanceof Error ? error.message : String(error)}`;
}

// fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, ...) is further down.
function rootCause(error: Error): Error {
  return error.cause instanceof Error ? rootCause(error.cause) : error;
}

// The client honours retry-after however long it is; a server asking for a longer wait than we
// would give a response fails the call now instead of stalling it.
function refuseLongRetryAfter(limitMs: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const waitMs = retryAfterMs(response.headers);
    if (waitMs === undefined || waitMs <= limitMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (!Number.isNaN(ms)) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  return Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
}
