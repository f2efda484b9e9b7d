import { words } from './text.ts';

export type VoiceStyle = 'playful' | 'professional' | 'warm' | 'bold' | 'calm';

export interface Voice {
  style: VoiceStyle;
  /** Contractions, lead-ins like "Psst…", exclamations. */
  casual: boolean;
  exclaims: boolean;
  emoji: boolean;
  /** For contentStyle: "Playful and witty". */
  label: string;
}

const cues: Readonly<Record<VoiceStyle, readonly string[]>> = {
  playful: ['playful', 'fun', 'funny', 'witty', 'cheeky', 'quirky', 'humor', 'humour', 'humorous', 'silly', 'lighthearted', 'casual', 'irreverent'],
  professional: ['professional', 'expert', 'authoritative', 'formal', 'corporate', 'trustworthy', 'credible', 'knowledgeable', 'precise', 'informative', 'serious'],
  warm: ['warm', 'friendly', 'caring', 'welcoming', 'supportive', 'empathetic', 'approachable', 'kind', 'gentle', 'community', 'family', 'cosy', 'cozy', 'heartfelt'],
  bold: ['bold', 'energetic', 'motivating', 'motivational', 'confident', 'punchy', 'edgy', 'energy', 'inspiring', 'hype', 'exciting', 'dynamic', 'loud', 'empowering'],
  calm: ['calm', 'minimal', 'minimalist', 'serene', 'elegant', 'refined', 'luxury', 'luxurious', 'understated', 'sophisticated', 'premium', 'soothing', 'mindful'],
};

const traits: Readonly<Record<VoiceStyle, Omit<Voice, 'style'>>> = {
  playful: { casual: true, exclaims: true, emoji: true, label: 'Playful and witty' },
  professional: { casual: false, exclaims: false, emoji: false, label: 'Clear and professional' },
  warm: { casual: true, exclaims: false, emoji: true, label: 'Warm and welcoming' },
  bold: { casual: true, exclaims: true, emoji: true, label: 'Bold and high-energy' },
  calm: { casual: false, exclaims: false, emoji: false, label: 'Calm and refined' },
};

export const voiceOf = (style: VoiceStyle): Voice => ({ style, ...traits[style] });

/** The voice whose cue words the text mentions most, or null when it mentions none. */
export function detectVoiceStyle(text: string): VoiceStyle | null {
  const found = new Set(words(text));
  let best: VoiceStyle | null = null;
  let bestScore = 0;
  for (const [style, list] of Object.entries(cues) as [VoiceStyle, readonly string[]][]) {
    const score = list.filter((cue) => found.has(cue)).length;
    if (score > bestScore) [best, bestScore] = [style, score];
  }
  return best;
}

/** From the brand voice and tone, else the industry's usual voice. */
export function readVoice(brandVoice: string | null, tone: string | null | undefined, fallback: VoiceStyle): Voice {
  return voiceOf(detectVoiceStyle(`${brandVoice ?? ''} ${tone ?? ''}`) ?? fallback);
}

const signOffs: Readonly<Record<VoiceStyle, string>> = {
  playful: 'Cheers,',
  professional: 'Best regards,',
  warm: 'Warmly,',
  bold: 'See you soon,',
  calm: 'Kind regards,',
};

/** How a letter or email in this voice ends. */
export const signOffOf = (voice: Voice) => signOffs[voice.style];
