import type { Industry } from '../../domain/enums.ts';
import type { VoiceStyle } from './voice.ts';

/** The words, images and habits of one industry that the offline copy is built from. */
export interface IndustryLexicon {
  /** What the business offers, as a fallback subject: "our classes". */
  offering: string;
  /** Who it serves when the profile does not say. */
  people: string;
  /** What a customer books. */
  booking: string;
  /** A low-commitment first step for lead generation. */
  leadMagnet: string;
  /** What customers get out of it, to complete "It's all about …". */
  benefit: string;
  /** An engagement question for comment-driven platforms. */
  question: string;
  visuals: string;
  /** Shots for video scripts: opener, detail, people. */
  shots: readonly [string, string, string];
  hashtags: readonly string[];
  /** Joined to the audience's city for a local tag: Austin + Eats. */
  localSuffix: string;
  emoji: readonly string[];
  voice: VoiceStyle;
}

export const industries: Readonly<Record<Industry, IndustryLexicon>> = {
  FITNESS: {
    offering: 'our classes',
    people: 'people who love to train',
    booking: 'class',
    leadMagnet: 'a free trial class',
    benefit: 'getting stronger with training that fits a busy week',
    question: "What's your go-to workout when time is tight?",
    visuals: 'High-energy shots of real members mid-session, natural gym light, sweat and smiles over polish, bold type overlays',
    shots: ['close-up of hands chalking up before a lift', 'coach cueing a member through a movement', 'wide shot of the class finishing together'],
    hashtags: ['fitness', 'workout', 'fitnessmotivation', 'strengthtraining', 'healthylifestyle', 'gymlife', 'fitnesscommunity', 'training', 'personaltrainer', 'fitfam'],
    localSuffix: 'Fitness',
    emoji: ['💪', '🔥', '⚡'],
    voice: 'bold',
  },
  FOOD: {
    offering: 'our menu',
    people: 'food lovers',
    booking: 'table',
    leadMagnet: 'a free tasting',
    benefit: 'good food made with care, worth coming back for',
    question: "What's the one dish you'd order every single time?",
    visuals: 'Warm, appetising close-ups in natural light, steam and texture, hands at work in the kitchen, tables full of people',
    shots: ['steam rising off a fresh plate at the pass', 'slow close-up of the dish being finished by hand', 'friends sharing the table and laughing'],
    hashtags: ['foodie', 'foodlover', 'eatlocal', 'instafood', 'foodstagram', 'yummy', 'homemade', 'delicious', 'foodphotography', 'supportlocal'],
    localSuffix: 'Eats',
    emoji: ['😋', '🍽️', '✨'],
    voice: 'warm',
  },
  RETAIL: {
    offering: 'our collection',
    people: 'shoppers',
    booking: 'personal shopping appointment',
    leadMagnet: 'a welcome discount for subscribers',
    benefit: "pieces you'll actually reach for every day",
    question: 'Which piece would you pick first?',
    visuals: 'Clean product shots on simple backgrounds, styled flat lays, the products in real everyday use, consistent brand colours',
    shots: ['product reveal on a clean surface', 'close-up of the details and finish', 'the product in everyday use'],
    hashtags: ['shopsmall', 'shoplocal', 'newin', 'instashop', 'smallbusiness', 'shopping', 'style', 'giftideas', 'musthave', 'supportsmallbusiness'],
    localSuffix: 'Shops',
    emoji: ['🛍️', '✨', '💫'],
    voice: 'playful',
  },
  TECHNOLOGY: {
    offering: 'our product',
    people: 'teams',
    booking: 'demo',
    leadMagnet: 'a free demo',
    benefit: 'less busywork and more time for the work that matters',
    question: 'What is the one task you would automate tomorrow if you could?',
    visuals: 'Crisp product screenshots and short screen recordings, clean diagrams, real people at work, one accent colour',
    shots: ['screen recording of the key feature in action', 'close-up of the result on screen', 'a team member explaining it to camera'],
    hashtags: ['tech', 'saas', 'productivity', 'innovation', 'startup', 'software', 'automation', 'futureofwork', 'digitaltransformation', 'technology'],
    localSuffix: 'Tech',
    emoji: ['🚀', '⚙️', '💡'],
    voice: 'professional',
  },
  HEALTHCARE: {
    offering: 'our care',
    people: 'patients',
    booking: 'appointment',
    leadMagnet: 'a free initial consultation',
    benefit: 'clear, caring support for your health',
    question: 'What health question would you like us to answer next?',
    visuals: 'Calm, bright and reassuring: soft natural light, real staff and spaces, plenty of white space, no graphic medical imagery',
    shots: ['the welcoming reception area', 'a practitioner explaining something calmly', 'a relaxed patient leaving with a smile'],
    hashtags: ['health', 'wellness', 'healthcare', 'selfcare', 'wellbeing', 'healthyliving', 'prevention', 'healthtips', 'mindandbody', 'community'],
    localSuffix: 'Health',
    emoji: ['🌿', '💙', '✨'],
    voice: 'calm',
  },
  EDUCATION: {
    offering: 'our courses',
    people: 'learners',
    booking: 'trial lesson',
    leadMagnet: 'a free trial lesson',
    benefit: 'skills you can use straight away',
    question: 'What would you love to learn this year?',
    visuals: 'Bright, encouraging classroom and study moments, real learners and teachers, simple diagrams, friendly type',
    shots: ['a learner having a lightbulb moment', 'the teacher walking through an example', 'learners celebrating a finished project'],
    hashtags: ['education', 'learning', 'study', 'lifelonglearning', 'students', 'teachersofinstagram', 'skills', 'edtech', 'studytips', 'growthmindset'],
    localSuffix: 'Learns',
    emoji: ['📚', '💡', '🎓'],
    voice: 'warm',
  },
  TRAVEL: {
    offering: 'our trips',
    people: 'travellers',
    booking: 'trip',
    leadMagnet: 'a free trip-planning call',
    benefit: 'trips that feel effortless from booking to coming home',
    question: "Where's the next place on your list?",
    visuals: 'Wide, sunlit destination shots, candid moments of travellers, local details and textures, warm colour grade',
    shots: ['sweeping wide shot of the destination at golden hour', 'close-up of a local detail or dish', 'travellers laughing together on the way'],
    hashtags: ['travel', 'wanderlust', 'travelgram', 'traveltheworld', 'adventure', 'explore', 'vacation', 'travelphotography', 'instatravel', 'holiday'],
    localSuffix: 'Travel',
    emoji: ['✈️', '🌍', '🌴'],
    voice: 'warm',
  },
  FINANCE: {
    offering: 'our services',
    people: 'clients',
    booking: 'consultation',
    leadMagnet: 'a free consultation',
    benefit: 'clear, confident decisions about your money',
    question: 'What money question do you wish someone had answered for you sooner?',
    visuals: 'Clean, trustworthy and uncluttered: simple charts, real advisers, muted brand colours, no stock-photo cash piles',
    shots: ['adviser welcoming a client to a bright office', 'simple on-screen chart that makes one point', 'client nodding, relieved, at the end of a meeting'],
    hashtags: ['finance', 'personalfinance', 'moneytips', 'financialplanning', 'investing', 'financialfreedom', 'budgeting', 'wealth', 'smallbusiness', 'money'],
    localSuffix: 'Finance',
    emoji: ['📈', '💡', '✅'],
    voice: 'professional',
  },
  OTHER: {
    offering: 'our services',
    people: 'customers',
    booking: 'appointment',
    leadMagnet: 'a free consultation',
    benefit: 'a better experience from start to finish',
    question: 'What would you like to see from us next?',
    visuals: 'Authentic photos of the real team, place and customers, natural light, consistent brand colours and simple type',
    shots: ['establishing shot of the business and the team', 'close-up of the work being done', 'a happy customer at the end'],
    hashtags: ['smallbusiness', 'supportlocal', 'community', 'local', 'shoplocal', 'smallbusinessowner', 'behindthescenes', 'customerlove', 'quality', 'handmade'],
    localSuffix: 'Local',
    emoji: ['✨', '👋', '🙌'],
    voice: 'warm',
  },
};
