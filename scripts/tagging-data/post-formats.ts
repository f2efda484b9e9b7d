import type { Industry } from './industries.ts';

// How a post is dressed for its platform: the same message reads differently as a tweet, an
// Instagram caption, a LinkedIn post or an email. Fillers carry no category on purpose.

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

export const fillers = [
  'We are open as usual all week.',
  'Thank you for all the support lately.',
  'More on this soon.',
  'Any questions, just ask.',
  'Link in bio.',
  'Details on our website.',
  'As always, thanks for being here.',
  'Pop in and say hello.',
  'Message us if you need anything.',
  'See you soon!',
  'Tell your friends.',
  'Have a lovely week, everyone.',
];

const emoji = ['✨', '🙌', '👇', '💛', '📣', '☀️', '🎉', '👀', '💪', '🌿', '☕', '📍'];

const names = ['Priya', 'Tom', 'Aisha', 'Marek', 'Sofia', 'Jamal', 'Hannah', 'Luis', 'Niamh', 'Wei', 'Grace', 'Oluwaseun', 'Ella', 'Callum', 'Fatima', 'Ben'];
const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'this Saturday', 'next Friday', '14 March', 'the 3rd'];
const times = ['7am', '9:30', '10am', '12 noon', '2pm', '6pm', '7:30pm', '8pm'];
const months = ['January', 'March', 'April', 'June', 'September', 'October', 'November'];

export function slotsFor(random: Random, industry: Industry): Record<string, string> {
  const [product, product2] = twoOf(random, industry.products);
  return {
    biz: pick(random, industry.names),
    product,
    product2,
    place: pick(random, industry.places),
    role: industry.role,
    junior: industry.junior,
    workplace: industry.workplace,
    customers: industry.customers,
    handle: pick(random, ['@sam_eats', '@thelocalguide', '@jo.makes', '@rubyreads', '@dan_outdoors', industry.handle]),
    name: pick(random, names),
    day: pick(random, days),
    time: pick(random, times),
    month: pick(random, months),
    pct: pick(random, ['10', '15', '20', '25', '30', '40', '50']),
    price: pick(random, ['£5', '£10', '£25', '£40', '£50', '£100']),
    count: pick(random, ['12', '40', '250', '500', '1,000', '3,000']),
  };
}

function twoOf<T>(random: Random, items: readonly T[]): [T, T] {
  const first = Math.floor(random() * items.length);
  const second = (first + 1 + Math.floor(random() * (items.length - 1))) % items.length;
  return [items[first], items[second]];
}

export const fill = (template: string, slots: Record<string, string>) => template.replace(/\{(\w+)\}/g, (match, key: string) => slots[key] ?? match);

const camel = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

export function hashtagsFor(random: Random, industry: Industry, slots: Record<string, string>, count: number): string[] {
  const pool = [...industry.topics.map((topic) => topic.replaceAll('_', '')), camel(slots.place), camel(slots.product), camel(slots.biz), 'SmallBusiness', 'ShopLocal'];
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, pool.length)) chosen.add(pick(random, pool));
  return [...chosen].map((tag) => `#${tag}`);
}

export type Platform = 'INSTAGRAM' | 'FACEBOOK' | 'LINKEDIN' | 'TWITTER' | 'TIKTOK' | 'EMAIL';

const platformTypes: Record<Platform, string[]> = {
  INSTAGRAM: ['POST', 'CAROUSEL', 'REEL', 'STORY'],
  FACEBOOK: ['POST'],
  LINKEDIN: ['POST'],
  TWITTER: ['POST'],
  TIKTOK: ['VIDEO'],
  EMAIL: ['EMAIL'],
};

export function contentTypeFor(random: Random, platform: Platform): string {
  return pick(random, platformTypes[platform]);
}

/** Lays the message lines out as the platform would show them. */
export function dress(random: Random, platform: Platform, lines: string[], industry: Industry, slots: Record<string, string>): string {
  const slug = slots.biz.toLowerCase().replace(/[^a-z0-9]+/g, '');
  switch (platform) {
    case 'TWITTER': {
      const link = random() < 0.5 ? ` https://${slug}.co.uk/${pick(random, ['news', 'shop', 'book', 'p/' + Math.floor(random() * 900 + 100)])}` : '';
      const mention = random() < 0.3 ? ` h/t ${slots.handle}` : '';
      return `${lines[0]}${link}${mention} ${hashtagsFor(random, industry, slots, 1 + Math.floor(random() * 2)).join(' ')}`.trim();
    }
    case 'LINKEDIN':
      return `${lines.join('\n\n')}\n\n${hashtagsFor(random, industry, slots, 3).join(' ')}`;
    case 'EMAIL':
      return `Subject: ${subjectOf(lines[0])}\n\nHi there,\n\n${lines.join('\n\n')}\n\nBest wishes,\n${slots.name} at ${slots.biz}`;
    case 'TIKTOK':
      return `${lines.join(' ')} ${pick(random, emoji)} ${hashtagsFor(random, industry, slots, 3).join(' ')}`;
    case 'FACEBOOK':
      return `${lines.join(' ')}${random() < 0.5 ? ` ${pick(random, emoji)}` : ''}`;
    case 'INSTAGRAM':
      return `${lines.join(' ')} ${pick(random, emoji)}\n\n${hashtagsFor(random, industry, slots, 3 + Math.floor(random() * 5)).join(' ')}`;
  }
}

/** The first clause of the message, cut at a word within 60 characters. */
function subjectOf(line: string): string {
  const clause = line.split(/[.!?:]/)[0];
  return clause.length <= 60 ? clause : `${clause.slice(0, 60).replace(/\s+\S*$/, '')}…`;
}
