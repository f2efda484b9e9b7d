import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';
import type { ItemToken } from 'wink-nlp';
import { normalizeTag } from '../../domain/tags.ts';
import { STOP_WORDS } from './text.ts';

// Key phrases of a post for tags: nouns and noun phrases found by wink-nlp's part-of-speech
// tagger (no verbs, no fillers, no stop words), ranked by TF-IDF against a sample of the
// business's own content, so what every one of its posts says (its name, its trade) ranks below
// what this post is about.

// Loaded on first use, not at start-up: the tagger's model takes about a second to load.
const require = createRequire(import.meta.url);
let nlp: ReturnType<typeof winkNLP> | undefined;
const tagger = () => (nlp ??= (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model')));

const NOUNS = new Set(['NOUN', 'PROPN']);
const PHRASE_WORDS = 3;
/** Only the start of a long text (a video script) is read: it says what the post is about, and the tagger's time grows with length. */
const READ_CHARS = 3_000;
/** A phrase in more than this share of the business's posts is boilerplate, not a topic. */
const BOILERPLATE_SHARE = 0.3;

// Words a tagger calls nouns or adjectives that say nothing about a topic.
const vague = new Set(
  `new old big small great good best first last next whole little many much few other same own perfect amazing real full free special favourite
  favorite limited latest huge lovely brilliant fantastic day days week weeks weekend time times year years month months morning evening night
  today tonight tomorrow thing things people way ways lot lots bit everyone anyone someone something everything anything one ones part kind
  sort type hello hi thanks thank love link bio comments comment details info website email minute minutes hour hours number dm
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december`.split(/\s+/),
);

export interface KeyPhrase {
  tag: string;
  score: number;
}

/** The text's noun phrases as tags, most distinctive first. */
export function keyPhrases(fullText: string, businessTexts: readonly string[] = [], businessName = ''): KeyPhrase[] {
  const text = withoutRepeatedSubject(fullText).slice(0, READ_CHARS);
  const ownName = new Set(words(businessName));
  const sample = businessTexts.map((other) => ` ${words(other.slice(0, READ_CHARS)).join(' ')} `);
  // "right bridal bouquet" → "bridal bouquet", but "seasonal posy" stays whole when the business's
  // other posts say it too (or when there are none to tell).
  const whole = (phrase: string) => sample.length === 0 || sample.some((other) => other.includes(` ${phrase} `));
  const phrases = nounPhrases(text)
    .map(({ phrase, core }) => (whole(phrase) ? phrase : core))
    .filter((phrase) => !phrase.split(' ').every((word) => ownName.has(word)));
  // How often each phrase occurs in the whole text, also inside longer phrases ("sourdough" in "sourdough workshop").
  const own = ` ${words(text.replace(/#[\p{L}\p{N}_]+/gu, ' ')).join(' ')} `;
  const counts = new Map(phrases.map((phrase) => [phrase, Math.max(1, own.split(` ${phrase} `).length - 1)]));
  const ranked: KeyPhrase[] = [];
  for (const [phrase, count] of counts) {
    const needle = ` ${phrase} `;
    const documents = sample.filter((other) => other.includes(needle)).length;
    if (sample.length >= 5 && documents / sample.length > BOILERPLATE_SHARE) continue;
    const idf = Math.log((sample.length + 1) / (documents + 1)) + 1;
    // A lone noun ("code", "date") is a topic only when the post keeps coming back to it.
    const single = !phrase.includes(' ');
    if (single && count < 2) continue;
    const tag = normalizeTag(phrase);
    if (tag) ranked.push({ tag, score: count * idf * (1 + 0.5 * (phrase.split(' ').length - 1)) });
  }
  return ranked.sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag));
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

/** Runs of adjectives and nouns ending in a noun, without vague words at either end, at most three words; each with its core, from its first noun on. */
function nounPhrases(text: string): { phrase: string; core: string }[] {
  const nlp = tagger();
  const its = nlp.its;
  const doc = nlp.readDoc(text.replace(/#[\p{L}\p{N}_]+/gu, ' . ').replace(/https?:\/\/\S+/g, ' . '));
  const phrases: { phrase: string; core: string }[] = [];
  let run: { word: string; noun: boolean }[] = [];
  const flush = () => {
    // English puts the head noun last: keep what follows the last vague word, end on a noun, at most three words.
    const lastVague = run.findLastIndex((w) => vague.has(w.word));
    const phrase = run.slice(lastVague + 1);
    while (phrase.length && !phrase[phrase.length - 1].noun) phrase.pop();
    const kept = phrase.slice(-PHRASE_WORDS);
    const core = kept.slice(Math.max(0, kept.findIndex((w) => w.noun)));
    if (kept.length) phrases.push({ phrase: kept.map((w) => w.word).join(' '), core: core.map((w) => w.word).join(' ') });
    run = [];
  };
  doc.tokens().each((token: ItemToken) => {
    const pos = token.out(its.pos);
    // As written, not its.normal, which respells British English ("centre" → "center") unlike the text it is counted in.
    const word = token.out().toLowerCase();
    const wordy = token.out(its.type) === 'word' && /^\p{L}[\p{L}'-]*\p{L}$/u.test(word) && word.length >= 3 && !STOP_WORDS.has(word);
    if (wordy && (NOUNS.has(pos) || pos === 'ADJ')) run.push({ word, noun: NOUNS.has(pos) });
    else flush();
  });
  flush();
  return phrases;
}

/** An email's subject line when its body repeats it: counted twice, every word of it would look like the post's topic. */
function withoutRepeatedSubject(text: string): string {
  const match = /^\s*Subject:\s*([^\n]*)\n/i.exec(text);
  if (!match) return text;
  const body = text.slice(match[0].length);
  const subject = match[1].replace(/…$/, '').trim();
  return body.includes(subject) ? body : text;
}
