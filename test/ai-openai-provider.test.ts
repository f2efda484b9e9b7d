import { createServer } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiProvider, type OpenAiProviderOptions } from '../src/ai/openai.ts';
import {
  AiProviderError,
  type BusinessProfile,
  type CampaignPlan,
  type CampaignPlanRequest,
  type ContentRequest,
  type GeneratedContent,
  type ReplyDraft,
  type ReplyRequest,
} from '../src/ai/types.ts';
import { startOpenAiStub, type OpenAiStub } from './support/openai-stub.ts';

const business: BusinessProfile = {
  name: 'Lumen Yoga Studio',
  industry: 'FITNESS',
  description: 'Small yoga studio in Leeds offering sunrise classes',
  brandVoice: 'calm, warm, encouraging',
  targetAudience: { ageRange: '25-45', genderFocus: null, location: 'Leeds', interests: ['yoga', 'wellbeing'] },
  contentPreferences: { platforms: ['INSTAGRAM'], tone: 'friendly', postFrequencyPerWeek: 3 },
};

const planRequest: CampaignPlanRequest = {
  business,
  goal: 'Fill the new sunrise classes',
  campaignType: 'EVENT_PROMOTION',
  durationDays: 7,
  platforms: ['INSTAGRAM', 'FACEBOOK'],
  startDate: null,
};

const plan: CampaignPlan = {
  name: 'Sunrise Flow Week',
  strategySummary: 'Build anticipation for sunrise classes with calm morning imagery.',
  contentStyle: 'Short, warm captions',
  visualStyle: 'Soft morning light',
  hashtagStrategy: 'Two local tags plus one branded tag',
  ctaPattern: 'Book your first sunrise class',
  optimalTimes: ['07:30', '18:00'],
  postingFrequency: 3,
  estimatedCost: 0.05,
  contentCalendar: [
    { day: 1, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Meet the sunrise class' },
    { day: 4, platform: 'FACEBOOK', contentType: 'POST', theme: 'What to bring' },
    { day: 7, platform: 'INSTAGRAM', contentType: 'REEL', theme: 'A morning in the studio' },
  ],
};

const contentRequest: ContentRequest = {
  business,
  campaign: { name: plan.name, goal: planRequest.goal, campaignType: 'EVENT_PROMOTION', hashtagStrategy: null, ctaPattern: null },
  platform: 'INSTAGRAM',
  contentType: 'POST',
  day: 1,
  theme: 'Meet the sunrise class',
  instructions: null,
  previous: null,
};

const content: GeneratedContent = {
  title: 'Sunrise classes',
  caption: 'Start your day with us at 6am.',
  hashtags: ['LeedsYoga', 'SunriseFlow'],
  script: null,
};

const replyRequest: ReplyRequest = { business, platform: 'INSTAGRAM', incomingMessage: 'Do you have mats?', senderHandle: '@sam' };

const replyDraft: ReplyDraft = { reply: 'Yes, we lend mats for free.', confidence: 0.9, escalate: false, reason: null };

let stub: OpenAiStub;

beforeAll(async () => {
  stub = await startOpenAiStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.reset());

function provider(overrides: Partial<OpenAiProviderOptions> = {}) {
  return createOpenAiProvider({
    apiKey: 'sk-test',
    baseURL: stub.url,
    chatModel: 'gpt-4o-mini',
    embeddingModel: 'text-embedding-3-small',
    timeoutMs: 2_000,
    maxRetries: 0,
    maxCompletionTokens: 4_096,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AiProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AiProviderError);
  return error as AiProviderError;
}

const chatBodies = () => stub.requests.filter((request) => request.endpoint === 'chat').map((request) => request.body);

describe('OpenAI provider: chat', () => {
  it('returns the validated value with the response model and token usage', async () => {
    stub.enqueue({ json: plan, usage: { prompt_tokens: 120, completion_tokens: 80 }, model: 'gpt-4o-mini-2024-07-18' });

    const result = await provider().planCampaign(planRequest);

    expect(result).toEqual({ value: plan, model: 'gpt-4o-mini-2024-07-18', promptTokens: 120, completionTokens: 80 });
    const [body] = chatBodies();
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'campaign_plan', strict: true } });
    expect(body.messages.map((message: { role: string }) => message.role)).toEqual(['system', 'user']);
    expect(JSON.stringify(body.messages)).toContain('Lumen Yoga Studio');
    expect(stub.requests[0].headers.authorization).toBe('Bearer sk-test');
  });

  it('repairs malformed JSON with one more call and sums the usage', async () => {
    stub.enqueue(
      { json: '{"title": "Sunrise', usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { json: content, usage: { prompt_tokens: 130, completion_tokens: 40 } },
    );

    const result = await provider().writeContent(contentRequest);

    expect(result).toMatchObject({ value: content, promptTokens: 230, completionTokens: 50 });
    const [first, repair] = chatBodies();
    expect(repair.messages).toHaveLength(4);
    expect(repair.messages.slice(0, 2)).toEqual(first.messages);
    expect(repair.messages[2]).toEqual({ role: 'assistant', content: '{"title": "Sunrise' });
    expect(repair.messages[3].role).toBe('user');
    expect(repair.messages[3].content).toMatch(/JSON/);
    expect(repair.response_format).toEqual(first.response_format);
  });

  it('gives up after one failed repair and still reports the usage', async () => {
    stub.enqueue({ json: 'not json', usage: { prompt_tokens: 50, completion_tokens: 5 } }, { json: '{', usage: { prompt_tokens: 70, completion_tokens: 6 } });

    const error = await failure(provider().draftReply(replyRequest));

    expect(error.message).toMatch(/still invalid after a repair attempt/);
    expect(error.usage).toEqual({ promptTokens: 120, completionTokens: 11 });
    expect(error.model).toBe('gpt-4o-mini');
    expect(stub.requests).toHaveLength(2);
  });

  it('treats schema violations, such as a calendar day beyond the duration, like malformed JSON', async () => {
    const tooLong = { ...plan, contentCalendar: [...plan.contentCalendar, { day: 9, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Encore' }] };
    stub.enqueue({ json: tooLong }, { json: plan });

    const result = await provider().planCampaign(planRequest);

    expect(result.value).toEqual(plan);
    const repair = chatBodies()[1];
    expect(repair.messages.at(-1).content).toMatch(/7 days[\s\S]*contentCalendar\[3\]\.day/);
  });

  it('asks again for a reply missing required fields', async () => {
    stub.enqueue({ json: { reply: 'Hi' } }, { json: replyDraft });

    expect((await provider().draftReply(replyRequest)).value).toEqual(replyDraft);
    expect(stub.requests).toHaveLength(2);
  });
});

describe('OpenAI provider: structured outputs', () => {
  const refusal = {
    status: 400,
    body: { error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error', param: 'response_format', code: null } },
  };
  const formats = (server: OpenAiStub) => server.requests.map((request) => request.body.response_format.type);

  it('asks for the reply schema in strict mode: every field required, nullable ones as null, nothing else allowed', async () => {
    stub.enqueue({ json: replyDraft });

    await provider().draftReply(replyRequest);

    const { json_schema: format } = chatBodies()[0].response_format;
    expect(format).toMatchObject({ name: 'reply_draft', strict: true });
    expect(format.schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['reply', 'confidence', 'escalate', 'reason'] });
    expect(format.schema.properties.reason).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(format.schema.properties.confidence).toEqual({ type: 'number', minimum: 0, maximum: 1 });
  });

  it('still checks the reply against the zod schema and repairs once where the JSON schema cannot say it (a day beyond the campaign)', async () => {
    const tooLong = { ...plan, contentCalendar: [...plan.contentCalendar, { day: 9, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Encore' }] };
    stub.enqueue({ json: tooLong }, { json: plan });

    expect((await provider({ structuredOutputs: 'on' }).planCampaign(planRequest)).value).toEqual(plan);
    expect(formats(stub)).toEqual(['json_schema', 'json_schema']);
  });

  it('off: asks for plain JSON mode', async () => {
    stub.enqueue({ json: replyDraft });

    await provider({ structuredOutputs: 'off' }).draftReply(replyRequest);

    expect(chatBodies()[0].response_format).toEqual({ type: 'json_object' });
  });

  it('auto: falls back to JSON mode when the server refuses json_schema, and remembers that for its base URL', async () => {
    const other = await startOpenAiStub();
    try {
      other.enqueue(refusal, { json: replyDraft }, { json: replyDraft }, { json: replyDraft });
      const first = provider({ baseURL: other.url });

      expect((await first.draftReply(replyRequest)).value).toEqual(replyDraft);
      await first.draftReply(replyRequest);
      await provider({ baseURL: other.url }).draftReply(replyRequest);

      expect(formats(other)).toEqual(['json_schema', 'json_object', 'json_object', 'json_object']);
      // Another server is still asked for the schema.
      stub.enqueue({ json: replyDraft });
      await provider().draftReply(replyRequest);
      expect(formats(stub)).toEqual(['json_schema']);
    } finally {
      await other.close();
    }
  });

  it('on: a refusal fails the call instead of falling back', async () => {
    const other = await startOpenAiStub();
    try {
      other.enqueue(refusal);

      const error = await failure(provider({ baseURL: other.url, structuredOutputs: 'on' }).draftReply(replyRequest));

      expect(error.message).toBe('OpenAI request failed: HTTP 400, invalid_request_error, param response_format');
      expect(formats(other)).toEqual(['json_schema']);
    } finally {
      await other.close();
    }
  });

  it('auto: another bad request is an error, not a refusal to remember', async () => {
    const other = await startOpenAiStub();
    try {
      other.enqueue({ status: 400, body: { error: { message: 'messages: too long', type: 'invalid_request_error' } } }, { json: replyDraft });

      await failure(provider({ baseURL: other.url }).draftReply(replyRequest));
      await provider({ baseURL: other.url }).draftReply(replyRequest);

      expect(formats(other)).toEqual(['json_schema', 'json_schema']);
    } finally {
      await other.close();
    }
  });
});

describe('OpenAI provider: failures', () => {
  it('retries a 429 that says retry-after 0', async () => {
    stub.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { json: replyDraft });

    expect((await provider({ maxRetries: 2 }).draftReply(replyRequest)).value).toEqual(replyDraft);
    expect(stub.requests).toHaveLength(2);
  });

  it('fails with AiProviderError after exactly maxRetries + 1 attempts at a 500', async () => {
    stub.respondWith(() => ({ status: 500, headers: { 'retry-after': '0' }, body: { error: { message: 'upstream exploded', type: 'server_error' } } }));

    const error = await failure(provider({ maxRetries: 2 }).writeContent(contentRequest));

    expect(error.message).toBe('OpenAI request failed: HTTP 500, server_error');
    expect(error.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(stub.requests).toHaveLength(3);
  });

  it('does not wait out a retry-after longer than the timeout', async () => {
    stub.respondWith(() => ({ status: 429, headers: { 'retry-after': '3600' } }));

    const error = await failure(provider({ maxRetries: 2, timeoutMs: 500 }).draftReply(replyRequest));

    expect(error.message).toMatch(/429/);
    expect(stub.requests).toHaveLength(1);
  });

  it('times out a slow reply within a bounded time', async () => {
    stub.respondWith(() => ({ delayMs: 5_000, then: { json: replyDraft } }));
    const started = Date.now();

    const error = await failure(provider({ timeoutMs: 300, maxRetries: 1 }).draftReply(replyRequest));

    expect(error.message).toMatch(/timed out after 300 ms/);
    expect(stub.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('keeps the usage of the first call when the repair call fails', async () => {
    stub.enqueue({ json: 'nope', usage: { prompt_tokens: 40, completion_tokens: 4 } }, { status: 400, body: { error: { message: 'bad request' } } });

    const error = await failure(provider().writeContent(contentRequest));

    expect(error.message).toBe('OpenAI request failed: HTTP 400');
    expect(error.usage).toEqual({ promptTokens: 40, completionTokens: 4 });
  });

  it('keeps the key and the prompt out of the error when the server echoes them', async () => {
    stub.enqueue({ status: 401, body: { error: { message: 'Incorrect API key provided: sk-test', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const keyEchoed = await failure(provider().draftReply(replyRequest));
    expect(keyEchoed.message).toBe('OpenAI request failed: HTTP 401, invalid_api_key, invalid_request_error');

    stub.enqueue({ status: 400, body: { error: { message: `bad prompt ${JSON.stringify(replyRequest)}`, type: 'invalid_request_error' } } });
    const promptEchoed = await failure(provider().draftReply(replyRequest));
    expect(promptEchoed.message).toBe('OpenAI request failed: HTTP 400, invalid_request_error');
  });

  it("keeps a refusal's wording, which may quote the prompt, out of the error", async () => {
    const refused = {
      id: 'chatcmpl-refused',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, refusal: 'I will not answer "Do you have mats?" for Lumen Yoga Studio.' } }],
    };
    stub.enqueue({ status: 200, body: refused }, { status: 200, body: refused });

    const error = await failure(provider().draftReply(replyRequest));

    expect(error.message).toMatch(/refused/);
    expect(error.message).not.toMatch(/mats|Lumen/);
    expect(stub.requests).toHaveLength(2);
  });

  it('reports a refused connection', async () => {
    const port = await unusedPort();

    const error = await failure(provider({ baseURL: `http://127.0.0.1:${port}/v1` }).planCampaign(planRequest));

    expect(error.message).toMatch(/OpenAI connection failed.*ECONNREFUSED/);
  });
});

describe('OpenAI provider: embeddings', () => {
  it('returns unit vectors in input order, decoded from base64', async () => {
    stub.enqueue({ embeddings: [[3, 4, 0], [0, 0, 2], [1, 1, 1]], usage: { prompt_tokens: 9 }, reversed: true });

    const result = await provider().embed(['first', 'second', 'third']);

    const [body] = stub.requests.map((request) => request.body);
    expect(body).toMatchObject({ model: 'text-embedding-3-small', input: ['first', 'second', 'third'], encoding_format: 'base64' });
    expect(result).toMatchObject({ model: 'text-embedding-3-small', promptTokens: 9, completionTokens: 0 });
    const expected = [[0.6, 0.8, 0], [0, 0, 1], [1, 1, 1].map((x) => x / Math.sqrt(3))];
    result.value.forEach((vector, i) => vector.forEach((x, j) => expect(x).toBeCloseTo(expected[i][j], 6)));
  });

  it('skips the call for no texts', async () => {
    expect((await provider().embed([])).value).toEqual([]);
    expect(stub.requests).toHaveLength(0);
  });

  it('fails with AiProviderError when the embeddings call fails', async () => {
    stub.enqueue({ endpoint: 'embeddings', status: 503, headers: { 'retry-after': '0' } });

    const error = await failure(provider().embed(['a']));

    expect(error.message).toMatch(/503/);
    expect(error.model).toBe('text-embedding-3-small');
  });

  it('stub: answers float arrays when the client asks for floats', async () => {
    stub.enqueue({ embeddings: [[0.25, -0.5]] });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: stub.url, maxRetries: 0 });

    const response = await client.embeddings.create({ model: 'm', input: 'x', encoding_format: 'float' });

    expect(response.data[0].embedding).toEqual([0.25, -0.5]);
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
