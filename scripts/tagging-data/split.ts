import { createHash } from 'node:crypto';

export type Split = 'train' | 'dev' | 'test';

/** 60 % train, 20 % dev, 20 % test, drawn from a hash of the seed and the item's key: stable when other items are added. */
export function splitOf(seed: number, key: string): Split {
  const draw = createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw < 0.6 ? 'train' : draw < 0.8 ? 'dev' : 'test';
}
