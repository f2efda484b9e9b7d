import type { BusinessProfile } from '../types.ts';
import { industries, type IndustryLexicon } from './industry.ts';
import { clip, listOf, sentencesOf, STOP_WORDS, words } from './text.ts';
import { readVoice, type Voice } from './voice.ts';

/** The business profile and campaign goal, read into the words the offline copy uses. */
export interface Brief {
  business: string;
  /** For SMS, where every character counts. */
  shortName: string;
  lexicon: IndustryLexicon;
  voice: Voice;
  /** Who the copy speaks to: "women in Austin". */
  people: string;
  /** The full audience for plans: "women aged 25–40 in Austin who are into yoga". */
  audience: string;
  interests: string[];
  city: string | null;
  youngestAge: number | null;
  /** The description's first sentence. */
  about: string | null;
  /** What the campaign is about, as a noun phrase: "our new protein smoothie line". */
  focus: string;
  /** False when the goal names no subject and focus is the industry's generic offering. */
  goalHasFocus: boolean;
  /** A concrete offer named in the goal: "20% off". */
  offer: string | null;
  keywords: string[];
}

export function readBrief(business: BusinessProfile, goal: string): Brief {
  const lexicon = industries[business.industry] ?? industries.OTHER;
  const audience = business.targetAudience;
  const interests = (audience?.interests ?? []).map((interest) => clip(interest, 40)).filter(Boolean);
  const city = cityOf(audience?.location);
  const people = describePeople(audience?.genderFocus, null, city, lexicon.people);
  const everyone = describePeople(audience?.genderFocus, audience?.ageRange, city, lexicon.people);
  const goalFocus = focusOf(goal);
  const focus = goalFocus ?? lexicon.offering;
  return {
    business: clip(business.name, 60),
    shortName: clip(business.name, 24),
    lexicon,
    voice: readVoice(business.brandVoice, business.contentPreferences?.tone, lexicon.voice),
    people,
    audience: interests.length ? `${everyone} who are into ${listOf(interests.slice(0, 3))}` : everyone,
    interests,
    city,
    youngestAge: Number(audience?.ageRange?.match(/\d{1,3}/)?.[0] ?? Number.NaN) || null,
    about: sentencesOf(business.description).map((s) => clip(s, 200))[0] ?? null,
    focus,
    goalHasFocus: goalFocus !== null,
    offer: offerIn(goal),
    keywords: keywordsOf(focus),
  };
}

function cityOf(location: string | null | undefined): string | null {
  const city = location?.split(/[,;/|(]/)[0].trim();
  return city ? clip(city, 40) : null;
}

function describePeople(gender: string | null | undefined, ageRange: string | null | undefined, city: string | null, fallback: string): string {
  const focus = (gender ?? '').toLowerCase();
  const noun = /\b(women|female|females|ladies|mums|moms|mothers)\b/.test(focus)
    ? 'women'
    : /\b(men|male|males|dads|fathers)\b/.test(focus)
      ? 'men'
      : fallback;
  const range = ageRange?.trim().match(/^(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})$/);
  const plus = ageRange?.trim().match(/^(\d{1,3})\s*\+$/);
  const age = range ? `aged ${range[1]}–${range[2]}` : plus ? `aged ${plus[1]}+` : null;
  return [noun, age, city && `in ${city}`].filter(Boolean).join(' ');
}

const leadIn = /^(?:(?:we|i)\s+(?:want|need|would like|plan|hope)\s+to\s+|to\s+|help\s+(?:us\s+)?)/i;
const verbs =
  /^(?:launch|promote|announce|introduce|sell|grow|increase|boost|drive|get|generate|build|raise|hire|recruit|find|fill|attract|collect|capture|book|market|advertise|celebrate|showcase|highlight|push|clear|move|win|gain|reach|double|triple|improve|spread|create|run|host|open|release|unveil|kick off|encourage|invite|feature|support)\b\s*/i;
const metrics =
  /^(?:\d[\d,.]*\s*%?\s+)?(?:more\s+|new\s+)?(?:brand\s+)?(?:awareness|bookings?|sales|sign-?ups|leads?|followers|traffic|visits|visibility|registrations?|attendance|attendees|applications?|applicants|revenue|orders|pre-?orders|engagement|subscribers|downloads|enquiries|inquiries|footfall|reservations|members(?:hips)?|customers|clients|students|enrol?lments?|emails?|interest|buzz|demand|recognition|reach)\b\s*/i;
const connectors =
  /\s+(?:and|for|by|so|while|with|among|across|before|during|within|through|via|from|until|over|to|in|at|this|next)\s+|[,.;:!?()]|\s[-–—]\s/i;

/** "Launch our new protein smoothie line and get 500 pre-orders" → "our new protein smoothie line". */
export function focusOf(goal: string): string | null {
  let rest = goal.trim().replace(leadIn, '').replace(verbs, '');
  const metric = rest.match(metrics);
  if (metric) {
    const subject = rest.slice(metric[0].length).match(/^(?:for|of|to|on|at|in|around)\s+(.+)$/i);
    if (!subject) return null;
    rest = subject[1];
  }
  const focus = rest
    .split(connectors)[0]
    .replace(/^more\s+/i, '')
    .trim()
    .split(/\s+/)
    .slice(0, 7)
    .join(' ');
  return focus.length >= 3 ? focus : null;
}

export function offerIn(text: string): string | null {
  const match = text.match(
    /\b\d{1,3}\s?%\s?(?:off|discount)\b|\bbuy one,? get one(?: free)?\b|\bbogo\b|\bhalf[- ]price\b|\bfree (?:shipping|delivery|trial(?: class| lesson)?|consultation|gift|class|session|sample|tasting|demo)\b/i,
  );
  return match ? match[0].toLowerCase() : null;
}

const generic = new Set(['line', 'range', 'first', 'best', 'latest', 'two', 'three', 'four', 'five', 'brand', 'free', 'launch', 'week', 'month']);

/** Distinctive words, in order: "our new protein smoothie line" → ["protein", "smoothie"]. */
export function keywordsOf(text: string): string[] {
  const found = words(text).filter((word) => word.length >= 3 && /\p{L}/u.test(word) && !STOP_WORDS.has(word) && !generic.has(word));
  return [...new Set(found)].slice(0, 4);
}
