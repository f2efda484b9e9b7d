import type { CampaignType, Platform } from '../../domain/enums.ts';
import type { Angle } from './arcs.ts';
import type { Brief } from './brief.ts';
import type { Directives } from './instructions.ts';
import type { Random } from './random.ts';
import { capitalize, clip, fill, sentence } from './text.ts';
import type { Voice } from './voice.ts';

/** The building blocks of one post, before they are laid out for its platform. */
export interface Pieces {
  hook: string;
  lines: string[];
  question: string;
  emoji: string | null;
}

export interface CopyInput {
  brief: Brief;
  voice: Voice;
  angle: Angle;
  topic: string;
  campaignType: CampaignType;
  platform: Platform;
  directives: Directives;
  random: Random;
}

const leadIns: Readonly<Record<Angle, { casual: readonly string[]; formal: readonly string[] }>> = {
  tease: { casual: ['Psst…', 'Sneak peek:', 'Guess what?'], formal: ['Coming soon:', 'A first look:'] },
  reveal: { casual: ['Big news:', "It's here!", 'Say hello!'], formal: ['Announcing:', 'New:'] },
  explain: { casual: ['Quick one:', 'Save this:'], formal: ['In brief:', 'Worth knowing:'] },
  proof: { casual: ["Don't just take our word for it:", 'Real talk:'], formal: ['In their words:', 'The proof:'] },
  inside: { casual: ['Behind the scenes:', 'Ever wondered?'], formal: ['A look inside:', 'Behind the scenes:'] },
  urgency: { casual: ['Heads up!', "Don't wait:"], formal: ['A reminder:', 'Time is running out:'] },
  final: { casual: ['This is it!', 'Last call!'], formal: ['Final reminder:', 'Last call:'] },
  invite: { casual: ["You're invited!", 'Come join us!'], formal: ['An invitation:', 'Join us:'] },
};

const questionHooks: Readonly<Record<Angle, string>> = {
  tease: "Can you guess what's coming?",
  reveal: 'Ready to meet {focus}?',
  explain: 'Ever wondered about {focus}?',
  proof: 'Wondering if {focus} is right for you?',
  inside: 'Ever wondered what goes on behind the scenes at {business}?',
  urgency: 'Still thinking about {focus}?',
  final: 'Have you caught {focus} yet?',
  invite: 'Fancy joining us?',
};

const bodyLines: Readonly<Record<Angle, readonly string[]>> = {
  tease: [
    "We can't share everything yet, but we made this with {people} in mind.",
    'Keep an eye on this space: the full reveal is coming soon.',
    "Turn on notifications so you're the first to know.",
  ],
  reveal: ['We made it for {people}.', "It's all about {benefit}.", "Here's everything you need to get started."],
  explain: ["Here's the short version for {people}.", 'It all comes down to {benefit}.', 'Save this for later and share it with someone who needs it.'],
  proof: [
    'The best part of what we do is hearing from {people}.',
    'Nothing beats seeing {focus} make a real difference.',
    'Real people, real experiences, no filters.',
  ],
  inside: ["This is the part you don't usually see.", 'A lot of care goes into every detail at {business}.', 'Meet the people who make it happen.'],
  urgency: ["Time is running out, so don't leave it too late.", "If it's been on your list, now's the moment.", "It's all about {benefit}, and the clock is ticking."],
  final: ['This is our last reminder.', "Don't miss out: after this, it's gone.", 'Thank you to everyone who has joined in so far.'],
  invite: ["Everyone's welcome, whether it's your first time or your fiftieth.", "We'd love to see you there.", "It's all about {benefit}."],
};

const angleQuestions: Readonly<Record<Angle, string>> = {
  tease: 'Any guesses? Tell us in the comments.',
  reveal: 'What would you try first?',
  explain: 'What else would you like us to explain?',
  proof: "What's your experience been? We'd love to hear it.",
  inside: 'What would you like to see behind the scenes next?',
  urgency: 'Who are you bringing along?',
  final: 'Who should we see there?',
  invite: 'Who are you bringing along?',
};

const referralQuestion = "Know someone who'd be perfect for this? Tag them below.";

const emojiPlatforms: ReadonlySet<Platform> = new Set(['INSTAGRAM', 'TIKTOK', 'FACEBOOK']);

export function writePieces({ brief, voice, angle, topic, campaignType, platform, directives, random }: CopyInput): Pieces {
  const vars = { focus: brief.focus, business: brief.business, people: brief.people, benefit: brief.lexicon.benefit };
  // "Why we made X!" reads oddly: headlines that start like a question stay calm.
  const end = voice.exclaims && !/^(why|how|what|who|when|where)\b/i.test(topic) ? '!' : '.';
  const hook = directives.questionHook ? fill(questionHooks[angle], vars) : sentence(withLeadIn(clip(topic, 120), angle, voice, random), end);
  const wantsEmoji = directives.emoji ?? (voice.emoji && emojiPlatforms.has(platform));
  return {
    hook,
    lines: random.shuffle(bodyLines[angle]).map((line) => fill(line, vars)),
    question: campaignType === 'JOB_RECRUITMENT' ? referralQuestion : random.next() < 0.5 ? brief.lexicon.question : angleQuestions[angle],
    emoji: wantsEmoji && platform !== 'SMS' && platform !== 'EMAIL' ? random.pick(brief.lexicon.emoji) : null,
  };
}

/** Sometimes opens with a lead-in for the angle, unless the topic already says it. */
function withLeadIn(topic: string, angle: Angle, voice: Voice, random: Random): string {
  const options = ['', ...leadIns[angle][voice.casual ? 'casual' : 'formal']];
  const lead = random.pick(options);
  const keyWord = (lead.toLowerCase().match(/[a-z]+/g) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (!lead || new RegExp(`\\b${keyWord}\\b`, 'i').test(topic)) return capitalize(topic);
  return lead.endsWith(':') ? `${lead} ${topic}` : `${lead} ${capitalize(topic)}`;
}
