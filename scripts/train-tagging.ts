// npm run train:tagging: learns the offline category model from the train split of
// data/tagging/categories.jsonl (plus the default taxonomy's own descriptions and keywords), picks
// its settings on the dev split, and writes data/tagging/category-model.json. The test split is
// not read here.
import { writeFileSync } from 'node:fs';
import { CATEGORY_MODEL_PATH, type CategoryModel } from '../src/ai/offline/category-model.ts';
import { rankCategories } from '../src/ai/offline/category-ranking.ts';
import { SENTIMENT_THRESHOLDS_PATH, sentimentOf, type SentimentThresholds } from '../src/ai/offline/sentiment.ts';
import { defaultTaxonomy } from '../src/domain/default-taxonomy.ts';
import { categoryPosts, sentimentPosts } from './tagging-data/dataset.ts';
import { trainNaiveBayes, type Example } from './tagging-data/naive-bayes.ts';

const classes = defaultTaxonomy.map((category) => category.name);
const topLevel = defaultTaxonomy.map(({ name, description, keywords }) => ({ name, description, keywords }));
const toExample = (post: { text: string; category: string }): Example => ({ text: post.text, label: post.category });
// What the taxonomy says of each category is labelled text too: each description and keyword, as
// a document of its top-level category.
const taxonomyExamples = defaultTaxonomy.flatMap((root) =>
  [root, ...(root.children ?? [])].flatMap((category) => [
    { text: `${category.name}. ${category.description}`, label: root.name },
    ...category.keywords.map((keyword) => ({ text: keyword, label: root.name })),
  ]),
);
const train = [...categoryPosts('train').map(toExample), ...taxonomyExamples];
const dev = categoryPosts('dev').map(toExample);

/** Top-1 accuracy of the combined ranking over the top-level categories. */
const accuracy = (model: CategoryModel, examples: readonly Example[]) =>
  examples.filter(({ text, label }) => rankCategories(text, topLevel, model)[0]?.name === label).length / examples.length;

let best: { model: CategoryModel; devAccuracy: number; alpha: number; vocabulary: number } | undefined;
for (const alpha of [0.1, 0.5]) {
  for (const vocabulary of [2_000, 4_000]) {
    const base = trainNaiveBayes(train, classes, { alpha, vocabulary, minDocuments: 1 }, `${train.length} documents: the train split and the default taxonomy`);
    for (const temperature of [1, 4, 8, 16]) {
      for (const keywordWeight of [0, 0.5, 1, 2, 3]) {
        const model = { ...base, temperature, keywordWeight };
        const devAccuracy = accuracy(model, dev);
        // Ties go to the first tried: the smaller vocabulary, the lighter settings.
        if (!best || devAccuracy > best.devAccuracy + 1e-9) best = { model, devAccuracy, alpha, vocabulary };
      }
    }
    console.log(`alpha ${alpha}, vocabulary ${vocabulary}: best dev accuracy so far ${((best?.devAccuracy ?? 0) * 100).toFixed(1)} %`);
  }
}
const { model, devAccuracy, alpha, vocabulary } = best!;
writeFileSync(CATEGORY_MODEL_PATH, `${JSON.stringify(model)}\n`);
console.log(
  `Chose alpha ${alpha}, vocabulary ${vocabulary}, temperature ${model.temperature}, keyword weight ${model.keywordWeight}: dev top-1 ${(devAccuracy * 100).toFixed(1)} %. Wrote ${CATEGORY_MODEL_PATH}.`,
);

// Sentiment: VADER's thresholds, tuned for accuracy on the train split of data/tagging/sentiment.jsonl.
const sentimentTrain = sentimentPosts('train');
let bestThresholds: { thresholds: SentimentThresholds; accuracy: number } | undefined;
for (const positive of [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) {
  for (const negative of [-0.05, -0.1, -0.2, -0.3]) {
    const thresholds = { trainedOn: `${sentimentTrain.length} posts of the train split`, positive, negative };
    const right = sentimentTrain.filter((post) => sentimentOf(post.text, thresholds) === post.sentiment).length / sentimentTrain.length;
    if (!bestThresholds || right > bestThresholds.accuracy + 1e-9) bestThresholds = { thresholds, accuracy: right };
  }
}
writeFileSync(SENTIMENT_THRESHOLDS_PATH, `${JSON.stringify(bestThresholds!.thresholds)}\n`);
console.log(`Sentiment thresholds ${JSON.stringify(bestThresholds!.thresholds)}: train accuracy ${(bestThresholds!.accuracy * 100).toFixed(1)} %. Wrote ${SENTIMENT_THRESHOLDS_PATH}.`);
