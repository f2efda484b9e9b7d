import type { OpenAiStub, StubEndpoint } from './openai-stub.ts';

// An OpenAI-compatible stub that answers tagging's calls from their text, and can hold a chosen
// call until the test lets it go: a write landing while the AI answers hits the same moment every run.

export interface Hold {
  /** Resolves when the held call reached the AI server. */
  arrived: Promise<void>;
  release(): void;
}

interface Classification {
  category: string | null;
  confidence: number;
  tags: string[];
  sentiment: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE' | 'MIXED';
  qualityScore: number;
}

export interface AiScript {
  /** The vector of one embedded text. */
  embed(text: string): number[];
  /** The classification of a content's text. */
  classify(text: string): Classification;
}

/** Vectors from the text's length: deterministic, and all alike (so known tags are suggested again). */
const byLength: AiScript = {
  embed: (text) => Array.from({ length: 8 }, (_, i) => ((text.length * (i + 3)) % 17) + 1),
  classify: () => ({ category: null, confidence: 0.5, tags: ['fresh_bread'], sentiment: 'POSITIVE', qualityScore: 0.7 }),
};

export const aiEnv = (stub: OpenAiStub) => ({
  AI_PROVIDER: 'openai',
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: stub.url,
  OPENAI_MAX_RETRIES: '0',
  OPENAI_TIMEOUT_MS: '10000',
  AI_RATE_LIMIT_PER_MINUTE: '10000',
});

/** Scripts the stub, and returns a way to hold the next call whose text (what is embedded, or classified) contains a marker. */
export function scriptAi(stub: OpenAiStub, script: AiScript = byLength) {
  const waiting: { endpoint: StubEndpoint; marker: string; arrive(): void; released: Promise<void>; release(): void }[] = [];
  const textsOf = (endpoint: StubEndpoint, body: any): string[] => {
    if (endpoint === 'embeddings') return Array.isArray(body.input) ? body.input : [body.input];
    const user = (body.messages as { role: string; content: string }[]).find((message) => message.role === 'user')?.content ?? '';
    return [user.split('\n- Text: ')[1] ?? ''];
  };
  stub.respondWith(async (endpoint, body) => {
    const texts = textsOf(endpoint, body);
    const hold = waiting.find((held) => held.endpoint === endpoint && texts.some((text) => text.includes(held.marker)));
    if (hold) {
      waiting.splice(waiting.indexOf(hold), 1);
      hold.arrive();
      await hold.released;
    }
    if (endpoint === 'embeddings') return { embeddings: texts.map((text) => script.embed(text)) };
    return { json: script.classify(texts[0]) };
  });
  return {
    hold(endpoint: StubEndpoint, marker: string): Hold {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      waiting.push({ endpoint, marker, arrive, released, release });
      return { arrived, release };
    },
    /** Lets every call still held go (a test that failed half-way). */
    releaseAll() {
      for (const held of waiting.splice(0)) held.release();
    },
  };
}
