// Post-like text for search tests and benchmarks: words of a small bakery vocabulary drawn with a
// skew (some words in most posts, others in few), from a seeded generator so runs repeat.
const vocabulary = (
  'bread butter croissant sourdough pastry coffee latte espresso lavender honey cinnamon vanilla chocolate almond pistachio ' +
  'morning weekend brunch breakfast lunch dinner seasonal spring summer autumn winter holiday festival market delivery ' +
  'fresh warm crispy golden sweet savoury organic local handmade baked roasted brewed special offer discount launch ' +
  'menu recipe workshop class tasting event opening community neighbourhood family friends team story behind scenes ' +
  'photography video reel giveaway contest review customer favourite new limited edition order today tomorrow'
).split(' ');

/** Draws from the first `vocabularySize` words: `word()`, `words(n)` (space-separated), and the generator's `random()` in [0, 1). */
export function skewedWords(seed: number, vocabularySize = vocabulary.length) {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const word = () => vocabulary[Math.floor(vocabularySize * random() ** 2)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return { random, word, words };
}
