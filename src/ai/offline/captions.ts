import type { Platform } from '../../domain/enums.ts';
import { captionLimits } from '../../domain/platforms.ts';
import type { Brief } from './brief.ts';
import type { Pieces } from './copy.ts';
import type { Directives } from './instructions.ts';
import { capitalize, clip, gsmSafe } from './text.ts';
import { signOffOf, type Voice } from './voice.ts';

export interface CaptionInput {
  platform: Platform;
  brief: Brief;
  voice: Voice;
  pieces: Pieces;
  directives: Directives;
  /** The finished call-to-action line. */
  cta: string;
  hashtags: string[];
}

/** A block of the caption; `drop` ranks what goes first when it is too long (0 = never). */
interface Part {
  text: string;
  drop: number;
  shrink?: boolean;
}

export function writeCaption(input: CaptionInput): string {
  const { platform, hashtags } = input;
  const limit = captionLimits[platform] ?? 5_000;
  // On X the tags share the 280 characters with the text, so the caption leaves room for them.
  const budget = platform === 'TWITTER' ? limit - hashtags.reduce((sum, tag) => sum + tag.length + 2, 0) : limit;
  const { parts, separator } = layout(input);
  const kept = input.directives.length === 'short' ? parts.filter((part) => part.drop < 2) : parts;
  if (platform === 'SMS') return fit(kept.map((part) => ({ ...part, text: gsmSafe(part.text) })), budget, separator, '...');
  return fit(kept, budget, separator);
}

function layout({ platform, brief, voice, pieces, directives, cta }: CaptionInput): { parts: Part[]; separator: string } {
  const long = directives.length === 'long';
  const hook = pieces.emoji ? `${pieces.emoji} ${pieces.hook}` : pieces.hook;
  const mentions: Part = { text: directives.mentions.join(' '), drop: 0, shrink: true };
  const lines = (count: number): Part => ({ text: pieces.lines.slice(0, long ? count + 1 : count).join(' '), drop: 2 });
  const about: Part = { text: brief.about ?? '', drop: long ? 2 : 3 };
  const question: Part = { text: pieces.question, drop: 3 };
  const closing: Part = { text: cta, drop: 0, shrink: platform === 'SMS' || platform === 'TWITTER' };
  const facts = [
    `Who it's for: ${brief.audience}`,
    `What: ${capitalize(brief.focus)}`,
    `Why it matters: ${brief.lexicon.benefit}`,
  ];

  switch (platform) {
    case 'TWITTER':
      return { separator: ' ', parts: [{ text: hook, drop: 0, shrink: true }, lines(1), mentions, closing] };
    case 'TIKTOK':
      return { separator: ' ', parts: [{ text: hook, drop: 0, shrink: true }, lines(1), mentions, closing] };
    case 'SMS':
      return {
        separator: ' ',
        parts: [{ text: `${brief.shortName}:`, drop: 0 }, { text: pieces.hook, drop: 0, shrink: true }, mentions, closing, { text: 'STOP to opt out', drop: 0 }],
      };
    case 'INSTAGRAM':
      return { separator: '\n\n', parts: [{ text: hook, drop: 0 }, lines(2), ...(long ? [about] : []), mentions, question, closing] };
    case 'FACEBOOK':
      return { separator: '\n\n', parts: [{ text: hook, drop: 0 }, about, lines(2), mentions, question, closing] };
    case 'LINKEDIN':
      return {
        separator: '\n\n',
        parts: [{ text: hook, drop: 0 }, about, lines(1), { text: facts.map((fact) => `→ ${fact}`).join('\n'), drop: 2 }, mentions, question, closing],
      };
    case 'YOUTUBE':
      return {
        separator: '\n\n',
        parts: [{ text: hook, drop: 0 }, lines(2), about, mentions, closing, { text: `Subscribe for more from ${brief.business}.`, drop: 3 }],
      };
    case 'EMAIL':
      return {
        separator: '\n\n',
        parts: [
          { text: voice.casual ? 'Hi there,' : 'Hello,', drop: 0 },
          { text: hook, drop: 0 },
          about,
          lines(2),
          mentions,
          { text: `In short:\n${facts.map((fact) => `• ${fact}`).join('\n')}`, drop: 2 },
          closing,
          { text: `${signOffOf(voice)}\nThe ${brief.business} team`, drop: 0 },
        ],
      };
  }
}

/** Joins the parts within `budget`: drops the most droppable first, then shortens shrinkable ones. */
function fit(parts: Part[], budget: number, separator: string, ellipsis = '…'): string {
  let kept = parts.filter((part) => part.text.trim()).map((part) => ({ ...part, text: part.text.trim() }));
  const joined = () => kept.map((part) => part.text).join(separator);
  while (joined().length > budget) {
    const droppable = kept.filter((part) => part.drop > 0);
    if (droppable.length === 0) break;
    const first = droppable.reduce((worst, part) => (part.drop >= worst.drop ? part : worst));
    kept = kept.filter((part) => part !== first);
  }
  for (const part of kept.filter((p) => p.shrink)) {
    const over = joined().length - budget;
    if (over <= 0) break;
    part.text = clip(part.text, Math.max(12, part.text.length - over), ellipsis);
  }
  return clip(joined(), budget, ellipsis);
}
