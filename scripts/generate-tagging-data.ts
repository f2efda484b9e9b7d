// Writes data/tagging/*.jsonl from the hand-written lines and posts in scripts/tagging-data.
// Deterministic (fixed seed). The train/dev/test split is drawn once per hand-written line (or
// hand-written post), not per generated post: every post made from a line lands in the line's
// split, so the test split holds sentences the classifier never saw in training.
import { mkdirSync, writeFileSync } from 'node:fs';
import { normalizeTag } from '../src/domain/tags.ts';
import { categoryLines } from './tagging-data/category-lines.ts';
import { formatTags } from './tagging-data/format-tags.ts';
import { labelledPosts as handwritten } from './tagging-data/handwritten-posts.ts';
import { industries } from './tagging-data/industries.ts';
import { contentTypeFor, dress, fill, fillers, pick, type Platform, type Random, slotsFor } from './tagging-data/post-formats.ts';
import { sentimentLines } from './tagging-data/sentiment-lines.ts';
import { splitOf, type Split } from './tagging-data/split.ts';

const SEED = 20261202;
/**
 * Each data set draws from its own stream, so adding lines to one leaves the others as they are.
 * Sentiment and tags start where the single stream they shared with the categories until
 * 2026-12-02 had got to (16,550 draws for 70 posts per category from 32 lines each, then 4,620
 * for sentiment), so their posts are still those of that day's data set.
 */
const STREAM_SEEDS = { categories: SEED, sentiment: afterDraws(16_550), tags: afterDraws(16_550 + 4_620) };
/** Tag posts are made from the first lines of each category only: the tag set stays put when category lines are added. */
const TAG_LINES_PER_CATEGORY = 32;
const CATEGORY_POSTS_PER_CATEGORY = 120;
const SENTIMENT_POSTS_PER_LABEL = 110;
const TAG_POSTS = 120;
const OUT = 'data/tagging';

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32's state after that many draws from SEED: the state only ever moves by one constant. */
function afterDraws(draws: number) {
  return (SEED + Math.imul(draws, 0x6d2b79f5)) >>> 0;
}

const platforms: Platform[] = ['INSTAGRAM', 'INSTAGRAM', 'FACEBOOK', 'LINKEDIN', 'TWITTER', 'TWITTER', 'TIKTOK', 'EMAIL'];
const categories = Object.keys(categoryLines);

type Lines = Record<string, string[]>;

/** Indexes of a category's lines by split, so a post only combines lines of one split. */
const linesBySplit = (lines: Lines, category: string, split: Split) =>
  lines[category].map((_, i) => i).filter((i) => splitOf(SEED, `category:${category}:${i}`) === split);

function categoryPost(random: Random, source: Lines, category: string, lineIndex: number, id: string) {
  const split = splitOf(SEED, `category:${category}:${lineIndex}`);
  const industry = pick(random, industries);
  const slots = slotsFor(random, industry);
  const platform = pick(random, platforms);
  const lines = [fill(source[category][lineIndex], slots)];
  const sameSplit = linesBySplit(source, category, split).filter((i) => i !== lineIndex);
  if (platform !== 'TWITTER' && random() < 0.45 && sameSplit.length) lines.push(fill(source[category][pick(random, sameSplit)], slots));
  // Mixed-purpose posts: a secondary message from another category; the label stays the main one.
  let secondary: string | null = null;
  if (platform !== 'TWITTER' && random() < 0.15) {
    secondary = pick(random, categories.filter((c) => c !== category));
    const others = linesBySplit(source, secondary, split);
    if (others.length) lines.push(fill(source[secondary][pick(random, others)], slots));
    else secondary = null;
  }
  if (random() < 0.5) lines.push(pick(random, fillers));
  return {
    id,
    split,
    source: 'generated',
    industry: industry.key,
    platform,
    contentType: contentTypeFor(random, platform),
    category,
    ...(secondary ? { secondaryCategory: secondary } : {}),
    text: dress(random, platform, lines, industry, slots),
  };
}

function categoryData() {
  const random = mulberry32(STREAM_SEEDS.categories);
  const posts = [];
  for (const category of categories) {
    const count = categoryLines[category].length;
    for (let n = 0; n < CATEGORY_POSTS_PER_CATEGORY; n++) posts.push(categoryPost(random, categoryLines, category, n % count, `c-${posts.length + 1}`));
  }
  for (const [i, post] of handwritten.entries()) {
    posts.push({ id: `h-${i + 1}`, split: splitOf(SEED, `handwritten:${i}`), source: 'handwritten', industry: null, platform: post.platform, contentType: post.contentType, category: post.category, text: post.text });
  }
  return posts;
}

function sentimentData() {
  const random = mulberry32(STREAM_SEEDS.sentiment);
  const posts = [];
  for (const [label, lines] of Object.entries(sentimentLines)) {
    for (let n = 0; n < SENTIMENT_POSTS_PER_LABEL; n++) {
      const lineIndex = n % lines.length;
      const industry = pick(random, industries);
      const slots = slotsFor(random, industry);
      const prefix = random() < 0.3 ? `${industry.handle} ` : '';
      posts.push({ id: `s-${posts.length + 1}`, split: splitOf(SEED, `sentiment:${label}:${lineIndex}`), industry: industry.key, sentiment: label, text: `${prefix}${fill(lines[lineIndex], slots)}` });
    }
  }
  return posts;
}

function tagData() {
  const random = mulberry32(STREAM_SEEDS.tags);
  const lines = Object.fromEntries(Object.entries(categoryLines).map(([category, all]) => [category, all.slice(0, TAG_LINES_PER_CATEGORY)]));
  const posts = [];
  for (let n = 0; n < TAG_POSTS; n++) {
    const category = categories[n % categories.length];
    const post = categoryPost(random, lines, category, Math.floor(random() * lines[category].length), `t-${n + 1}`);
    const industry = industries.find((i) => i.key === post.industry)!;
    const mentioned = (phrase: string) => post.text.toLowerCase().includes(phrase.toLowerCase());
    const hashtags = [...post.text.matchAll(/#(\w+)/g)].map((m) => m[1]);
    const expected = new Set(
      [
        ...hashtags,
        ...industry.products.filter(mentioned),
        ...industry.topics,
        ...industry.places.filter(mentioned),
        ...[industry.role, industry.junior, industry.workplace].filter(mentioned),
        // Only the kinds the post says it is ("tips", "giveaway"), not every tag of its category.
        ...[...formatTags[category], ...(post.secondaryCategory ? formatTags[post.secondaryCategory] : [])].filter((tag) => mentioned(tag.replaceAll('_', ' '))),
      ]
        .map((tag) => normalizeTag(tag))
        .filter((tag): tag is string => tag !== null),
    );
    posts.push({ id: post.id, split: post.split, industry: post.industry, platform: post.platform, contentType: post.contentType, text: post.text, tags: [...expected].sort() });
  }
  return posts;
}

const write = (name: string, rows: object[]) => writeFileSync(`${OUT}/${name}`, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');

mkdirSync(OUT, { recursive: true });
const categoryPosts = categoryData();
const sentimentPosts = sentimentData();
const tagPosts = tagData();
write('categories.jsonl', categoryPosts);
write('sentiment.jsonl', sentimentPosts);
write('tags.jsonl', tagPosts);
for (const [name, rows] of [['categories', categoryPosts], ['sentiment', sentimentPosts], ['tags', tagPosts]] as const) {
  const count = (split: Split) => rows.filter((row) => row.split === split).length;
  console.log(`${name}: ${rows.length} (train ${count('train')}, dev ${count('dev')}, test ${count('test')})`);
}
