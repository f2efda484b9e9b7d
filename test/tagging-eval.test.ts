import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withBusinessTexts } from '../scripts/tagging-data/business-texts.ts';
import { categoryPosts, sentimentPosts, tagPosts } from '../scripts/tagging-data/dataset.ts';
import { CATEGORY_MODEL_PATH } from '../src/ai/offline/category-model.ts';
import { createOfflineProvider } from '../src/ai/offline/index.ts';
import { defaultTaxonomy } from '../src/domain/default-taxonomy.ts';
import { evaluateCategorisation, evaluateSentiment, evaluateTags } from '../src/modules/tagging/tagging-evaluation.ts';

// Floors a few points under what `npm run eval:tagging` measured on the test split (README,
// tagging section). Raise them when the offline provider improves; a change that drops below one
// made it worse. Nothing is trained here: the committed model is loaded and run.
const FLOORS = { top1: 0.85, top3: 0.88, sentimentAccuracy: 0.75, sentimentMacroF1: 0.75, tagPrecision: 0.76 };

const provider = createOfflineProvider();

describe('the labelled data set', () => {
  it('has 600+ category posts (60+ per top-level category), 300+ sentiment posts and 100+ tagged posts, each split once into train, dev and test', () => {
    const posts = categoryPosts();
    expect(posts.length).toBeGreaterThanOrEqual(600);
    for (const { name } of defaultTaxonomy) expect(posts.filter((post) => post.category === name).length, name).toBeGreaterThanOrEqual(60);
    expect(sentimentPosts().length).toBeGreaterThanOrEqual(300);
    expect(tagPosts().length).toBeGreaterThanOrEqual(100);
    for (const rows of [posts, sentimentPosts(), tagPosts()]) {
      expect(new Set(rows.map((row) => row.split))).toEqual(new Set(['train', 'dev', 'test']));
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    }
    // No test post is a copy of a training post.
    const trained = new Set(categoryPosts('train').map((post) => post.text));
    expect(categoryPosts('test').filter((post) => trained.has(post.text))).toEqual([]);
  });

  it('ships a small model', () => {
    expect(statSync(CATEGORY_MODEL_PATH).size).toBeLessThan(500_000);
  });

  it('eval:tagging refuses an unknown split instead of measuring no posts', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/eval-tagging.ts', '--split', 'validation'], { env: { ...process.env, OPENAI_API_KEY: '' } });
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/--split takes train, dev or test, not "validation"/);
  }, 30_000);
});

describe('offline provider on the test split', () => {
  it('categorises through the pipeline steps at or above the floors', async () => {
    const report = await evaluateCategorisation(provider, categoryPosts('test'));
    console.log(`offline category top-1 ${(report.top1 * 100).toFixed(1)} %, top-3 ${(report.top3 * 100).toFixed(1)} % (${report.total} posts)`);
    expect(report.top1).toBeGreaterThanOrEqual(FLOORS.top1);
    expect(report.top3).toBeGreaterThanOrEqual(FLOORS.top3);
    // Every category is found, and none is a catch-all.
    for (const row of report.perCategory) {
      expect(row.recall, row.category).toBeGreaterThanOrEqual(0.25);
      expect(row.precision, row.category).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('reads sentiment at or above the floors', async () => {
    const report = await evaluateSentiment(provider, sentimentPosts('test'));
    console.log(`offline sentiment accuracy ${(report.accuracy * 100).toFixed(1)} %, macro-F1 ${(report.macroF1 * 100).toFixed(1)} %`);
    expect(report.accuracy).toBeGreaterThanOrEqual(FLOORS.sentimentAccuracy);
    expect(report.macroF1).toBeGreaterThanOrEqual(FLOORS.sentimentMacroF1);
  });

  it('suggests tags a marketer expects, at or above the floor', async () => {
    const report = await evaluateTags(provider, withBusinessTexts(tagPosts('test')));
    console.log(`offline tag precision ${(report.precision * 100).toFixed(1)} % (${report.kept}/${report.suggested})`);
    expect(report.suggested).toBeGreaterThanOrEqual(report.posts);
    expect(report.precision).toBeGreaterThanOrEqual(FLOORS.tagPrecision);
  });
});
