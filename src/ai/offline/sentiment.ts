import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type vaderSentiment from 'vader-sentiment';
import { z } from 'zod';
import { projectRoot } from '../../db/prisma-schema.ts';
import type { Sentiment } from '../types.ts';

// Sentiment by VADER (Hutto & Gilbert, 2014): a valence lexicon with rules for negation ("not
// bad"), intensifiers ("really good"), capitals, "but" and exclamation marks. This port predates
// VADER's emoji support, so emoji are read as the words they stand for first, and an eye-roll
// after praise is read as sarcasm. The thresholds are tuned on the train split (npm run
// train:tagging) and stored in data/tagging/sentiment-thresholds.json.

export const SENTIMENT_THRESHOLDS_PATH = 'data/tagging/sentiment-thresholds.json';

export const sentimentThresholdsSchema = z.object({
  trainedOn: z.string(),
  /** compound ≥ positive → POSITIVE; ≤ negative → NEGATIVE. */
  positive: z.number().min(-1).max(1),
  negative: z.number().min(-1).max(1),
});

export type SentimentThresholds = z.infer<typeof sentimentThresholdsSchema>;

let loaded: SentimentThresholds | undefined;

export function sentimentThresholds(): SentimentThresholds {
  loaded ??= sentimentThresholdsSchema.parse(JSON.parse(readFileSync(`${projectRoot}${SENTIMENT_THRESHOLDS_PATH}`, 'utf8')));
  return loaded;
}

const emojiWords: [RegExp, string][] = [
  [/[😍🥰😘❤️💛💚💙🧡💜💖💕]/gu, ' love '],
  [/[😀😁😃😄😊🙂☺️😌]/gu, ' happy '],
  [/[🎉🥳🙌👏🤩]/gu, ' great '],
  [/[🔥💯✨]/gu, ' awesome '],
  [/[👍👌🙏]/gu, ' good '],
  [/[😋🤤]/gu, ' delicious '],
  [/[😂🤣]/gu, ' funny '],
  [/[😡😠🤬]/gu, ' angry '],
  [/[😢😭😿]/gu, ' sad '],
  [/[😞😔😩😫😕🙁☹️]/gu, ' disappointed '],
  [/💔/gu, ' heartbroken '],
  [/👎/gu, ' bad '],
  [/🤮/gu, ' disgusting '],
];

const SARCASM_EMOJI = /[🙄😒🙃]/u;
const SARCASM_PHRASES = /\b(said no one ever|thanks for nothing|yeah,? right|love that for (us|me)|just what i needed)\b/i;

// Sentence adverbs that VADER reads as praise ("honest" is positive) but that only stress what follows.
const STANCE_MARKERS = /\b(honestly|genuinely|seriously|literally|frankly)\b/gi;
/** A clause this clearly positive and another this clearly negative make a post MIXED (the labelled data has no MIXED label to tune it on). */
const MIXED_CLAUSE = 0.3;

export interface SentimentScores {
  compound: number;
  /** Whether one clause is clearly positive and another clearly negative. */
  mixed: boolean;
}

/** The tone is read from the start of a long text; VADER's time grows with its length. */
const READ_CHARS = 3_000;

function prepare(text: string): string {
  let prepared = text.slice(0, READ_CHARS).replace(/#[\p{L}\p{N}_]+/gu, ' ').replace(/https?:\/\/\S+/g, ' ').replace(STANCE_MARKERS, ' ');
  for (const [pattern, word] of emojiWords) prepared = prepared.replace(pattern, word);
  return prepared;
}

// Loaded on first use, like the rest of the offline classifier's models.
const require = createRequire(import.meta.url);
let vader: typeof vaderSentiment | undefined;
const compoundOf = (text: string) => (vader ??= require('vader-sentiment') as typeof vaderSentiment).SentimentIntensityAnalyzer.polarity_scores(text).compound;

/** VADER's compound score for the text with its emoji as words; praise with an eye-roll or a stock sarcastic phrase turns negative. */
export function sentimentScores(text: string): SentimentScores {
  const prepared = prepare(text);
  const compound = compoundOf(prepared);
  const sarcastic = SARCASM_PHRASES.test(text) || (SARCASM_EMOJI.test(text) && compound > 0);
  if (sarcastic) return { compound: -Math.max(0.5, Math.abs(compound)), mixed: false };
  const clauses = prepared.split(/\bbut\b|\bhowever\b|[;.!?]/i).map(compoundOf);
  return { compound, mixed: Math.max(...clauses) >= MIXED_CLAUSE && Math.min(...clauses) <= -MIXED_CLAUSE };
}

export function sentimentOf(text: string, thresholds: SentimentThresholds = sentimentThresholds()): Sentiment {
  const { compound, mixed } = sentimentScores(text);
  if (mixed) return 'MIXED';
  if (compound >= thresholds.positive) return 'POSITIVE';
  if (compound <= thresholds.negative) return 'NEGATIVE';
  return 'NEUTRAL';
}
