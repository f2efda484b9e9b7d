// npm run eval:tagging: top-1 category accuracy of the offline provider on the labelled posts.
import { createOfflineProvider } from '../src/ai/offline/index.ts';
import { evaluateCategorisation } from '../src/modules/tagging/tagging-evaluation.ts';
import { labelledPosts } from '../test/fixtures/labelled-posts.ts';

const report = await evaluateCategorisation(createOfflineProvider(), labelledPosts);
console.table(report.perCategory.map((row) => ({ ...row, accuracy: `${(row.accuracy * 100).toFixed(1)} %` })));
console.log(`Top-1 accuracy: ${report.correct}/${report.total} = ${(report.accuracy * 100).toFixed(1)} %`);
if (process.argv.includes('--mistakes')) {
  for (const m of report.mistakes) console.log(`- expected ${m.expected}, got ${m.predicted}: ${m.text.slice(0, 90).replace(/\n/g, ' ')}`);
}
