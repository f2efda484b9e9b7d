// npm run eval:tagging: the offline provider, and the configured one when it is another (OpenAI
// when a key is set), measured on the test split of data/tagging. --split dev to look at the dev
// split while tuning instead; --mistakes to list them.
import { createOfflineProvider } from '../src/ai/offline/index.ts';
import { openAiProviderFor, usesOpenAi } from '../src/ai/runtime.ts';
import type { AiProvider } from '../src/ai/types.ts';
import { loadConfig } from '../src/config.ts';
import { evaluateCategorisation, evaluateSentiment, evaluateTags, NO_CATEGORY } from '../src/modules/tagging/tagging-evaluation.ts';
import { withBusinessTexts } from './tagging-data/business-texts.ts';
import { categoryPosts, sentimentPosts, tagPosts } from './tagging-data/dataset.ts';
import type { Split } from './tagging-data/split.ts';

const splits: readonly string[] = ['train', 'dev', 'test'] satisfies Split[];
const requested = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : 'test';
// An unknown split would select no post and print 0 % everywhere, which reads like a broken model.
if (!splits.includes(requested)) {
  console.error(`--split takes train, dev or test, not ${JSON.stringify(requested ?? '')}`);
  process.exit(2);
}
const split = requested as Split;
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

async function report(name: string, provider: AiProvider) {
  console.log(`\n=== ${name} provider, ${split} split`);
  const categories = await evaluateCategorisation(provider, categoryPosts(split));
  console.log(`Category (${categories.total} posts): top-1 ${percent(categories.top1)}, top-3 ${percent(categories.top3)}`);
  console.table(categories.perCategory.map((row) => ({ ...row, precision: percent(row.precision), recall: percent(row.recall) })));
  const short = (label: string) => (label === NO_CATEGORY ? 'none' : label.split(/[ &]/)[0].slice(0, 9));
  console.log('Confusion (rows: expected, columns: predicted)');
  console.table(Object.fromEntries(Object.entries(categories.confusion).map(([expected, row]) => [short(expected), Object.fromEntries(Object.entries(row).map(([p, n]) => [short(p), n]))])));

  const sentiment = await evaluateSentiment(provider, sentimentPosts(split));
  console.log(`Sentiment (${sentiment.total} posts): accuracy ${percent(sentiment.accuracy)}, macro-F1 ${percent(sentiment.macroF1)}`);
  console.table(sentiment.perLabel.map((row) => ({ label: row.label, precision: percent(row.precision), recall: percent(row.recall), f1: percent(row.f1) })));

  const tags = await evaluateTags(provider, withBusinessTexts(tagPosts(split)));
  console.log(`Tags (${tags.posts} posts): precision ${percent(tags.precision)} (${tags.kept} of ${tags.suggested} suggested tags expected)`);

  if (process.argv.includes('--mistakes')) {
    for (const m of categories.mistakes) console.log(`- expected ${m.expected}, got ${m.predicted}: ${m.text.slice(0, 100).replace(/\n/g, ' ')}`);
    for (const w of tags.wrong) console.log(`- tag ${w.tag}: ${w.text.slice(0, 80).replace(/\n/g, ' ')}`);
  }
}

await report('offline', createOfflineProvider());
const config = loadConfig();
if (usesOpenAi(config)) await report(`OpenAI (${config.OPENAI_CHAT_MODEL})`, await openAiProviderFor(config));
