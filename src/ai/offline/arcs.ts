import type { CampaignType } from '../../domain/enums.ts';
import type { Brief } from './brief.ts';

/** What a post does for the campaign; the captions are written per angle. */
export type Angle = 'tease' | 'reveal' | 'explain' | 'proof' | 'inside' | 'urgency' | 'final' | 'invite';

export interface Phase {
  label: string;
  angle: Angle;
  /** Post topics, with {focus}, {business}, {people}, {deal}, {leadOffer}, {booking}. */
  topics: readonly string[];
}

interface Arc {
  phases: readonly Phase[];
  /** Phase indexes, most essential first: a short calendar keeps only the first few. */
  priority: readonly number[];
}

const arcs: Readonly<Record<CampaignType, Arc>> = {
  PRODUCT_LAUNCH: {
    phases: [
      { label: 'Teaser', angle: 'tease', topics: ['a first look at {focus}', 'something new is coming from {business}', 'something {people} have been asking us for'] },
      { label: 'Launch', angle: 'reveal', topics: ['{focus} is here', 'meet {focus}', 'why we made {focus}'] },
      { label: 'Proof', angle: 'proof', topics: ['first reactions to {focus}', '{focus} in real life', 'how {people} are using {focus}'] },
      { label: 'Urgency', angle: 'urgency', topics: ['launch week for {focus} is almost over', 'why {people} should try {focus} this week', 'your questions about {focus}, answered'] },
      { label: 'Last call', angle: 'final', topics: ['launch week for {focus} ends soon', 'final days to be among the first to try {focus}'] },
    ],
    priority: [1, 0, 3, 2, 4],
  },
  EVENT_PROMOTION: {
    phases: [
      { label: 'Save the date', angle: 'reveal', topics: ['mark your calendar for {focus}', "you're invited to {focus}", '{focus} is coming up'] },
      { label: 'What to expect', angle: 'explain', topics: ['what to expect at {focus}', 'who {focus} is for', 'how to make the most of {focus}'] },
      { label: 'Behind the scenes', angle: 'inside', topics: ['getting ready for {focus}', 'meet the people making {focus} happen', 'how {focus} comes together'] },
      { label: 'Countdown', angle: 'urgency', topics: ['{focus} is almost here', 'last details before {focus}'] },
      { label: 'Final call', angle: 'final', topics: ['there is still time to join {focus}', 'see you at {focus}'] },
    ],
    priority: [0, 1, 3, 4, 2],
  },
  JOB_RECRUITMENT: {
    phases: [
      { label: "We're hiring", angle: 'reveal', topics: ['{focus} wanted at {business}', 'join the {business} team', 'is this your next role? {Focus} at {business}'] },
      { label: 'Life at the company', angle: 'inside', topics: ['a day in the life at {business}', "what it's really like to work at {business}"] },
      { label: 'Team stories', angle: 'proof', topics: ['why our team loves working at {business}', 'meet a member of the {business} team'] },
      { label: 'Growth and perks', angle: 'explain', topics: ["how you'll grow at {business}", 'what we look for in {focus}'] },
      { label: 'Applications closing', angle: 'final', topics: ['last chance to apply: {focus}', 'applications close soon for {focus}'] },
    ],
    priority: [0, 4, 1, 3, 2],
  },
  BRAND_AWARENESS: {
    phases: [
      { label: 'Our story', angle: 'inside', topics: ['how {business} started', 'the story behind {business}'] },
      { label: 'What we stand for', angle: 'explain', topics: ['what {business} stands for', 'the promise behind {focus}'] },
      { label: 'Community spotlight', angle: 'proof', topics: ['a shout-out to the {business} community', 'why {people} choose {business}'] },
      { label: 'Tips', angle: 'explain', topics: ['a quick tip for {people}', 'the question {people} ask us most'] },
      { label: 'Behind the scenes', angle: 'inside', topics: ['a look inside {business}', 'a day at {business}'] },
      { label: 'Come say hi', angle: 'invite', topics: ['come and see {focus} for yourself', 'follow along for more from {business}'] },
    ],
    priority: [0, 2, 3, 1, 5, 4],
  },
  LEAD_GENERATION: {
    phases: [
      { label: 'The problem', angle: 'explain', topics: ['a common mistake {people} make, and how to avoid it', 'the question {people} ask us most'] },
      { label: 'Free offer', angle: 'reveal', topics: ['get {leadOffer}', '{leadOffer} for {people}'] },
      { label: 'Quick win', angle: 'explain', topics: ['a tip you can try today', 'one tip from {business} for {people}'] },
      { label: 'Proof', angle: 'proof', topics: ['what people say after {leadOffer}', 'why {people} trust {business}'] },
      { label: 'Questions answered', angle: 'explain', topics: ['your questions about {leadOffer}', 'what you get from {leadOffer}'] },
      { label: 'Last call', angle: 'final', topics: ['last chance to get {leadOffer}', 'a final reminder about {leadOffer}'] },
    ],
    priority: [1, 0, 5, 3, 2, 4],
  },
  SALES_PROMOTION: {
    phases: [
      { label: 'Sneak peek', angle: 'tease', topics: ['a first glimpse of {deal}', 'something good is coming for {people}'] },
      { label: 'Sale is live', angle: 'reveal', topics: ['{deal} starts now', '{deal} is on'] },
      { label: 'Top picks', angle: 'explain', topics: ['our top picks for {deal}', 'how to make the most of {deal}'] },
      { label: 'Customer favourites', angle: 'proof', topics: ['the favourites to grab during {deal}', 'what {people} love most at {business}'] },
      { label: 'Ending soon', angle: 'urgency', topics: ['{deal} ends soon', 'only a few days left of {deal}'] },
      { label: 'Last chance', angle: 'final', topics: ['{deal} is nearly over', 'the final hours of {deal}'] },
    ],
    priority: [1, 4, 2, 0, 5, 3],
  },
  OTHER: {
    phases: [
      { label: 'Introduction', angle: 'reveal', topics: ['introducing {focus}', "what's new at {business}"] },
      { label: 'How it works', angle: 'explain', topics: ['how {focus} works', 'the essentials of {focus}'] },
      { label: 'Real stories', angle: 'proof', topics: ['real stories about {focus}', 'why {people} choose {business}'] },
      { label: 'Behind the scenes', angle: 'inside', topics: ['the making of {focus}', 'the people behind {business}'] },
      { label: 'Get involved', angle: 'invite', topics: ['how to get involved with {focus}', 'join {business}'] },
    ],
    priority: [0, 1, 2, 4, 3],
  },
};

/** One phase per calendar entry, in arc order: every phase once enough entries allow, else the essential ones. */
export function phasesFor(campaignType: CampaignType, count: number): Phase[] {
  const { phases, priority } = arcs[campaignType] ?? arcs.OTHER;
  if (count < phases.length) {
    const kept = priority.slice(0, count).sort((a, b) => a - b);
    return kept.map((index) => phases[index]);
  }
  return Array.from({ length: count }, (_, i) => phases[Math.floor((i * phases.length) / count)]);
}

const leadOffers = /\b(free|guide|webinar|checklist|trial|consultation|demo|e-?book|newsletter|workshop|masterclass|course|quiz|assessment|audit|sample)\b/i;

export function topicVars(brief: Brief): Record<string, string> {
  const { focus, offer } = brief;
  return {
    focus,
    business: brief.business,
    people: brief.people,
    booking: brief.lexicon.booking,
    deal: offer && !focus.toLowerCase().includes(offer) ? `${offer} ${focus}` : focus,
    leadOffer: leadOffers.test(focus) ? focus : brief.lexicon.leadMagnet,
  };
}

const cues: readonly [Angle, RegExp][] = [
  ['final', /\b(last (call|chance|days?|reminder)|final (call|hours|days?|reminder|chance)|ends? today|applications (are )?closing|see you at)\b/i],
  ['urgency', /\b(urgency|countdown|ending soon|ends soon|almost over|few days|days? left|hurry|deadline|to go until|this week)\b/i],
  ['tease', /\b(teaser|tease|sneak peek|first look|coming soon|guess|something (new|good) is coming)\b/i],
  ['inside', /\b(behind the scenes|bts|day in the life|life at|our story|story behind|started|making of|getting ready|people behind|people making)\b/i],
  ['proof', /\b(proof|reviews?|testimonials?|reactions?|results|case stud(y|ies)|spotlight|favou?rites?|in real life|real stories|team stories|shout-out|trust|choose|loves?)\b/i],
  ['invite', /\b(join|come and|visit us|follow along|get involved|say hi|invited)\b/i],
  ['reveal', /\b(launch|is here|is live|now live|live now|out now|introduc\w*|meet|announcing|hiring|starts now|it's on|save the date|free offer|free for|get)\b/i],
  ['explain', /\b(how|tips?|guide|what to expect|why|explained|faq|questions?|mistake|problem|top picks|perks|stands for|essentials|quick win|promise)\b/i],
];

/** The angle a theme asks for: from its "Label:" first, then from the whole text. */
export function angleOf(theme: string): Angle | null {
  const label = theme.match(/^([^:]{1,40}):/)?.[1];
  for (const text of [label, theme]) {
    if (!text) continue;
    const found = cues.find(([, pattern]) => pattern.test(text));
    if (found) return found[0];
  }
  return null;
}

const phaseLabels = new Set(Object.values(arcs).flatMap((arc) => arc.phases.map((phase) => phase.label.toLowerCase())));

/** The part of a theme after its phase label: "Teaser: a first look at X" → "a first look at X". */
export function topicOf(theme: string): string {
  const labelled = theme.match(/^([^:]{1,40}):\s*(.+)$/s);
  const isLabel = labelled && (phaseLabels.has(labelled[1].trim().toLowerCase()) || angleOf(labelled[1]));
  return (isLabel ? labelled[2] : theme).trim();
}
