// What a customer message is about, from keyword patterns (whole words, any case). Matters a
// person must handle are checked first, most serious first.

export type Escalation = 'safety' | 'legal' | 'refund' | 'complaint';
export type Intent = 'booking' | 'pricing' | 'hours' | 'location' | 'delivery' | 'availability' | 'praise' | 'question' | 'comment';
export type FaqIntent = Exclude<Intent, 'praise' | 'question' | 'comment'>;

const escalations: readonly [Escalation, RegExp][] = [
  [
    'safety',
    /\b(injur\w*|hurt|hurts|bleeding|burn(ed|t)|allerg\w*|anaphyla\w*|food poisoning|poison\w*|sick|ill|vomit\w*|hospital\w*|a&e|emergency room|unsafe|danger\w*|hazard\w*|harass\w*|assault\w*|threaten\w*)\b/i,
  ],
  ['legal', /\b(lawyers?|attorneys?|solicitors?|sue|suing|sued|lawsuits?|legal action|legal|court|small claims|police|fraud\w*|trading standards|report you)\b/i],
  ['refund', /\b(refund\w*|money back|chargebacks?|charge ?back|reimburs\w*|dispute (the|this|my) (charge|payment)|charged twice|double charged|overcharged)\b/i],
  [
    'complaint',
    /\b(complain\w*|complaint\w*|terrible|awful|horrible|worst|disgusting|rude|unacceptable|disappoint\w*|never again|scam\w*|broken|damaged|faulty|defective|wrong order|not happy|unhappy|not good enough|poor service|waste of money|still waiting|ripped off|rip-?off|furious|angry)\b/i,
  ],
];

const intents: readonly [FaqIntent, RegExp][] = [
  ['booking', /\b(book|booking|bookings|appointments?|reserve|reservations?|schedule|slots?|sign me up|sign up for|table for)\b/i],
  ['pricing', /\b(price|prices|pricing|cost|costs|how much|fees?|rates?|quote|expensive|cheap|afford\w*|discounts?)\b/i],
  ['hours', /\b(opening hours|hours|open|opens|opening|close|closes|closing|what time)\b/i],
  ['location', /\b(where are you|where is|address|located|location|directions|parking|find you|near me|nearest)\b/i],
  ['delivery', /\b(deliver|delivers|delivery|deliveries|ship|ships|shipping|shipped|tracking|track my|courier|postage|dispatch\w*|arrived)\b/i],
  ['availability', /\b(in stock|out of stock|stock|available|availability|sold out|restock\w*|back in stock|sizes?|do you (have|sell|carry|stock))\b/i],
];

const praise = /\b(thanks|thank you|thank u|thx|love|loved|loving|amazing|awesome|great|fantastic|wonderful|brilliant|delicious|excellent|perfect|best|recommend\w*|incredible|superb)\b/i;
const questionStart = /^\s*(who|what|when|where|why|how|can|could|do|does|did|is|are|will|would|should|any)\b/i;

const normalise = (message: string) => message.replace(/[‘’]/g, "'");

export const soundsPleased = (message: string) => praise.test(normalise(message));

export function detectEscalation(message: string): Escalation | null {
  const text = normalise(message);
  return escalations.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

/** The FAQ intents found, in priority order; else praise, a generic question or a comment. */
export function detectIntents(message: string): Intent[] {
  const text = normalise(message);
  const faqs = intents.filter(([, pattern]) => pattern.test(text)).map(([intent]) => intent);
  if (faqs.length > 0) return faqs;
  if (praise.test(text) && !text.includes('?')) return ['praise'];
  if (text.includes('?') || questionStart.test(text)) return ['question'];
  return praise.test(text) ? ['praise'] : ['comment'];
}
