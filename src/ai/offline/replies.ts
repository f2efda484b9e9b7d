import type { Platform } from '../../domain/enums.ts';
import type { ReplyDraft, ReplyRequest } from '../types.ts';
import { readBrief } from './brief.ts';
import { type Escalation, type FaqIntent, detectEscalation, detectIntents, soundsPleased } from './intents.ts';
import { seededRandom } from './random.ts';
import { clip, fill, gsmSafe, sentencesOf } from './text.ts';
import { signOffOf, type Voice } from './voice.ts';

const SMS_LIMIT = 160;

const reasons: Readonly<Record<Escalation, string>> = {
  safety: 'Safety or health issue reported (injury, illness, allergic reaction or harassment): a person must follow up.',
  legal: 'Legal threat or legal matter: the owner must handle it.',
  refund: 'Refund, chargeback or billing dispute: someone must check the order and payment.',
  complaint: 'Complaint about the product or service: needs a personal follow-up.',
};

const escalationConfidence: Readonly<Record<Escalation, number>> = { safety: 0.2, legal: 0.2, refund: 0.35, complaint: 0.4 };

/** Holding replies: sorry, no admission of fault, a person will follow up. {channel}: how to send details. */
const holdingReplies: Readonly<Record<Escalation, { full: string; sms: string }>> = {
  safety: {
    full: "I'm so sorry to hear this. Your health and safety come first: if you need medical help, please contact a doctor or emergency services straight away. Someone from our team will contact you personally as soon as possible; please send us your contact details{channel}.",
    sms: "So sorry to hear this. If you need medical help, please contact a doctor now. Our team will contact you personally as soon as possible.",
  },
  legal: {
    full: 'Thank you for letting us know. We take this seriously, and the right person at {business} will get back to you directly. Please send us your contact details{channel} so we can follow up.',
    sms: 'Thank you for letting us know. We take this seriously and the right person will contact you directly.',
  },
  refund: {
    full: "I'm sorry about this. A member of our team will look into your order and payment and get back to you personally. Could you send us your order details{channel}?",
    sms: "Sorry about this. Our team will check your order and payment and get back to you personally.",
  },
  complaint: {
    full: "I'm really sorry we let you down; that's not the experience we want for anyone. A member of our team will follow up with you personally. Could you share a few more details{channel}?",
    sms: "Really sorry we let you down. A member of our team will follow up with you personally.",
  },
};

const channels: Partial<Record<Platform, string>> = { EMAIL: ' in a reply to this email', SMS: ' here' };

const faqAnswers: Readonly<Record<FaqIntent, string>> = {
  booking: "Just send us your preferred day and time and we'll get your {booking} booked in.",
  pricing: "Prices depend on exactly what you need, so send us a quick message with the details and we'll come back with the current price.",
  hours: "You'll find our up-to-date opening hours on our profile, and if you tell us which day you're planning to come, we'll happily confirm.",
  location: "Our address and directions are on our profile; message us if you need any help finding us.",
  delivery: "Delivery times depend on where you are, so send us your order number or postcode and we'll check the latest status for you.",
  availability: "Availability changes quickly, so tell us exactly what you're after (size, colour or date) and we'll check for you right away.",
};

/** Sentences in the business description that answer an intent directly. */
const facts: Partial<Record<FaqIntent, RegExp>> = {
  hours: /\b(open|opening hours|hours|closed)\b.*\d|\d\s?(am|pm)\b/i,
  pricing: /[$€£]\s?\d|\b\d+(\.\d+)?\s?(usd|eur|gbp|dollars|euros|pounds)\b|\bprices? (start|from)\b/i,
  location: /\b(located|address|street|avenue|road|square|downtown|next to|opposite|corner of|find us)\b/i,
  delivery: /\b(deliver\w*|shipping|ships|dispatch\w*)\b/i,
};

export function draftReply(request: ReplyRequest): ReplyDraft {
  const brief = readBrief(request.business, '');
  const random = seededRandom('reply', request);
  const { voice, business } = brief;
  const vars = { business, booking: brief.lexicon.booking, channel: channels[request.platform] ?? ' by direct message' };
  const finish = (body: string, closer: string | null, careful = false) => compose(request, voice, business, { body, closer, careful });

  const escalation = detectEscalation(request.incomingMessage);
  if (escalation) {
    const { full, sms } = holdingReplies[escalation];
    return {
      reply: finish(fill(request.platform === 'SMS' ? sms : full, vars), null, true),
      confidence: escalationConfidence[escalation],
      escalate: true,
      reason: reasons[escalation],
    };
  }

  const intents = detectIntents(request.incomingMessage);
  const closer = voice.casual ? random.pick(['Anything else, just shout!', 'Speak soon!', 'Hope to see you soon!']) : 'Let us know if there is anything else we can help with.';
  const faqs = intents.filter((intent): intent is FaqIntent => intent in faqAnswers).slice(0, 2);
  if (faqs.length > 0) {
    const found = faqs.map((intent) => factFor(intent, request.business.description));
    const answers = faqs.map((intent, i) => found[i] ?? fill(faqAnswers[intent], vars));
    const thanks = soundsPleased(request.incomingMessage) ? 'Thank you so much! ' : '';
    // Quoting the business's own words is surer than pointing to its profile.
    const confidence = found.every(Boolean) ? 0.92 : 0.86;
    return { reply: finish(`${thanks}${answers.join(' ')}`, closer), confidence, escalate: false, reason: null };
  }
  if (intents[0] === 'praise') {
    const praise = `Thank you so much for the kind words; it means a lot to the whole ${business} team.`;
    return { reply: finish(praise, voice.casual ? "We can't wait to see you again!" : 'We look forward to seeing you again.'), confidence: 0.93, escalate: false, reason: null };
  }
  if (intents[0] === 'question') {
    const answer = `Thanks for your question! Let us check with the team at ${business} so we give you the right answer; we'll get back to you shortly.`;
    return { reply: finish(answer, null), confidence: 0.65, escalate: false, reason: null };
  }
  return { reply: finish(`Thanks for getting in touch with ${business}! How can we help today?`, null), confidence: 0.7, escalate: false, reason: null };
}

interface ReplyText {
  body: string;
  closer: string | null;
  /** Sensitive matters get a plain greeting whatever the voice. */
  careful: boolean;
}

function compose(request: ReplyRequest, voice: Voice, business: string, { body, closer, careful }: ReplyText): string {
  if (request.platform === 'SMS') return clip(gsmSafe(body), SMS_LIMIT, '...');
  const hello = greeting(request, voice, careful);
  const opening = hello.endsWith(',') && !/^I\b/.test(body) ? body.charAt(0).toLowerCase() + body.slice(1) : body;
  const text = [hello, opening, closer].filter(Boolean).join(' ');
  return request.platform === 'EMAIL' ? `${text}\n\n${signOffOf(voice)}\nThe ${business} team` : text;
}

function greeting({ senderHandle, platform }: ReplyRequest, voice: Voice, careful: boolean): string {
  const handle = senderHandle?.trim().replace(/^@+/, '');
  const social = platform !== 'EMAIL' && platform !== 'SMS';
  const name = handle && social && /^[\p{L}\p{N}_.-]{1,30}$/u.test(handle) ? `@${handle}` : 'there';
  if (careful) return `Hi ${name},`;
  if (!voice.casual) return `Hello ${name},`;
  return voice.exclaims ? `Hey ${name}!` : `Hi ${name}!`;
}

function factFor(intent: FaqIntent, description: string | null): string | null {
  const pattern = facts[intent];
  const found = pattern && sentencesOf(description).find((sentence) => pattern.test(sentence));
  return found ? clip(found, 200) : null;
}

