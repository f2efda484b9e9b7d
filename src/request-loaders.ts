import DataLoader from 'dataloader';

/**
 * DataLoaders that live as long as one request (keyed by its context object), one per key: the
 * key names what a batch shares (a selection, a window, a page size), so every parent of a
 * response asking the same is read in one batch. A loader's batch function is the one given when
 * the request first asks for its key.
 */
export function perRequestLoaders<K, V>(options?: DataLoader.Options<K, V>) {
  const byRequest = new WeakMap<object, Map<string, DataLoader<K, V>>>();
  return function loaderFor(ctx: object, key: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
    let loaders = byRequest.get(ctx);
    if (!loaders) byRequest.set(ctx, (loaders = new Map()));
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = new DataLoader(batch, options)));
    return loader;
  };
}

/** One DataLoader per request (keyed by its context object), whose batch function may use the context. */
export function perRequestLoader<Ctx extends object, K, V>(batchFor: (ctx: Ctx) => DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V>) {
  const byRequest = new WeakMap<Ctx, DataLoader<K, V>>();
  return (ctx: Ctx): DataLoader<K, V> => {
    let loader = byRequest.get(ctx);
    if (!loader) byRequest.set(ctx, (loader = new DataLoader(batchFor(ctx), options)));
    return loader;
  };
}
