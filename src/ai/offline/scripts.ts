import type { ContentType, Platform } from '../../domain/enums.ts';
import type { Brief } from './brief.ts';
import type { Pieces } from './copy.ts';
import { clip } from './text.ts';

export interface ScriptInput {
  contentType: ContentType;
  platform: Platform;
  brief: Brief;
  pieces: Pieces;
  mentions: string[];
  /** The action, as a phrase ("Save your spot"), and the finished closing line. */
  ctaPhrase: string;
  cta: string;
}

const say = (text: string) => `Voiceover: "${text}"`;
const show = (text: string) => `On screen: "${clip(text, 60)}"`;

/** A shooting script with rough timings; its shape depends on the format. */
export function writeScript(input: ScriptInput): string {
  switch (input.contentType) {
    case 'STORY':
      return storyScript(input);
    case 'LIVE':
      return liveScript(input);
    case 'VIDEO':
      return input.platform === 'TIKTOK' || input.platform === 'INSTAGRAM' ? shortScript(input) : longScript(input);
    default:
      return shortScript(input);
  }
}

function shortScript({ brief, pieces, mentions, ctaPhrase, cta }: ScriptInput): string {
  const [opener, detail, people] = brief.lexicon.shots;
  return [
    ['HOOK (0–3s)', `Shot: ${opener}`, show(pieces.hook), say(pieces.hook)],
    ['BODY (3–20s)', `Shot: ${detail}`, say(pieces.lines[0]), ...mentions.map(say), `Shot: ${people}`, say(pieces.lines[1])],
    ['CTA (20–30s)', show(ctaPhrase), say(cta)],
  ]
    .map((block) => block.join('\n'))
    .join('\n\n');
}

function longScript({ brief, pieces, mentions, ctaPhrase, cta }: ScriptInput): string {
  const [opener, detail, people] = brief.lexicon.shots;
  return [
    ['HOOK (0–5s)', `Shot: ${opener}`, show(pieces.hook), say(pieces.hook)],
    ['INTRO (5–15s)', 'Shot: presenter to camera', say(`Hi, we're ${brief.business}, and this one is for ${brief.people}.`)],
    [
      'BODY (15–60s)',
      `Shot: ${detail}`,
      say(pieces.lines[0]),
      ...mentions.map(say),
      `Shot: ${people}`,
      say(pieces.lines[1]),
      say(pieces.lines[2] ?? pieces.lines[0]),
    ],
    ['CTA (60–75s)', show(ctaPhrase), say(cta)],
  ]
    .map((block) => block.join('\n'))
    .join('\n\n');
}

function storyScript({ brief, pieces, mentions, ctaPhrase }: ScriptInput): string {
  const [opener, detail, people] = brief.lexicon.shots;
  return [
    ['FRAME 1 (0–5s)', `Shot: ${opener}`, show(pieces.hook), 'Sticker: poll "Would you try it?" (Yes / Tell me more)'],
    ['FRAME 2 (5–10s)', `Shot: ${detail}`, show(pieces.lines[0]), ...mentions.map(show)],
    ['FRAME 3 (10–15s)', `Shot: ${people}`, show(ctaPhrase), `Sticker: link "${clip(ctaPhrase, 30)}"`],
  ]
    .map((block) => block.join('\n'))
    .join('\n\n');
}

function liveScript({ brief, pieces, mentions, ctaPhrase, cta }: ScriptInput): string {
  return [
    ['RUN OF SHOW (about 20 minutes)'],
    ['0:00–2:00 WELCOME', say(`Welcome in! We're ${brief.business}. ${pieces.hook}`), 'Ask viewers to say hi and where they are watching from.'],
    ['2:00–10:00 MAIN', `Shot: ${brief.lexicon.shots[1]}`, say(pieces.lines[0]), ...mentions.map(say), say(pieces.lines[1])],
    ['10:00–16:00 Q&A', `Answer live questions from ${brief.people}; pin the best one.`, say(pieces.question)],
    ['16:00–20:00 CTA', show(ctaPhrase), say(cta), 'Thank everyone for joining and tease the next live.'],
  ]
    .map((block) => block.join('\n'))
    .join('\n\n');
}
