import { clip, sentence } from './text.ts';
import { detectVoiceStyle, type VoiceStyle } from './voice.ts';

/** What a user's free-text instructions ask of one content item. */
export interface Directives {
  /** Sentences the copy must contain, in the user's order. */
  mentions: string[];
  length: 'short' | 'long' | null;
  voice: VoiceStyle | null;
  /** false: none at all; true: add one even where the voice would not. */
  emoji: boolean | null;
  hashtags: boolean;
  questionHook: boolean;
}

const MAX_MENTIONS = 5;
const nextVerb = String.raw`(?:keep|make|use|add|mention|include|highlight|avoid|don't|do not|no|end|start|open|focus|be|sound|write|say|tell|remind|skip|drop|remove)\b`;
const clauseBreak = new RegExp(String.raw`\n+|;|(?<=[.!?])\s+|,?\s+and\s+(?=${nextVerb})|,\s+(?=${nextVerb})`, 'i');
const mentionVerb =
  /^(?:please\s+)?(?:mention|include|highlight|emphasi[sz]e|add|say|note|stress|promote|feature|call out|talk about|reference|point out|tell (?:people|them|readers|customers|followers|everyone|fans)(?: about)?|remind (?:people|them|readers|customers|followers|everyone)(?: about| of)?)\s+(that\s+)?(.+)$/i;
const offerLike = /\d|%|\b(discount|off|free|sale|deal|offer|code|coupon|voucher|giveaway|bonus|gift)\b/i;

export function readInstructions(instructions: string | null): Directives {
  const directives: Directives = { mentions: [], length: null, voice: null, emoji: null, hashtags: true, questionHook: false };
  for (const raw of (instructions ?? '').split(clauseBreak)) {
    const clause = raw.trim().replace(/[.!]+$/, '');
    if (clause) apply(clause, directives);
  }
  directives.mentions = directives.mentions.slice(0, MAX_MENTIONS);
  return directives;
}

function apply(clause: string, directives: Directives) {
  if (/\b(no|without|avoid|skip|drop|remove|don't use|do not use|fewer)\s+emojis?\b/i.test(clause)) directives.emoji = false;
  else if (/\b(add|use|include|more|with)\s+(some\s+|an?\s+)?emojis?\b/i.test(clause)) directives.emoji = true;
  else if (/\b(no|without|avoid|skip|drop|remove)\s+hashtags?\b/i.test(clause)) directives.hashtags = false;
  else if (/\b(shorter|short|concise|brief|punchier|tighter|fewer words)\b/i.test(clause)) directives.length = 'short';
  else if (/\b(longer|more detail(ed)?|expand|elaborate|in depth|in more depth)\b/i.test(clause)) directives.length = 'long';
  else if (/\bquestion\b/i.test(clause) && /\b(start|open|begin|hook|lead)\w*\b/i.test(clause)) directives.questionHook = true;
  else if (isStyleRequest(clause)) directives.voice = detectVoiceStyle(clause);
  else directives.mentions.push(mentionOf(clause));
}

function isStyleRequest(clause: string): boolean {
  const styled = /^(make|keep|be|sound|write|go|more|less|tone|style)\b/i.test(clause) || /\b(tone|voice)\b/i.test(clause);
  return styled && detectVoiceStyle(clause) !== null;
}

/** "mention the 20% discount" → "Don't miss the 20% discount."; other text is kept as a sentence. */
function mentionOf(clause: string): string {
  const match = clause.match(mentionVerb);
  if (!match) return clip(sentence(clause), 300);
  const [, that, rest] = match;
  if (that) return clip(sentence(rest), 300);
  return clip(offerLike.test(rest) ? `Don't miss ${rest}.` : `Good to know: ${rest}.`, 300);
}
