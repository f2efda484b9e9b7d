import { readFileSync } from 'node:fs';
import { projectRoot } from '../../src/db/prisma-schema.ts';
import type { ContentType, Platform } from '../../src/domain/enums.ts';
import type { Sentiment } from '../../src/ai/types.ts';
import type { Split } from './split.ts';

// The labelled data set in data/tagging, as written by scripts/generate-tagging-data.ts.

export interface CategoryPost {
  id: string;
  split: Split;
  text: string;
  platform: Platform;
  contentType: ContentType;
  category: string;
}

export interface SentimentPost {
  id: string;
  split: Split;
  text: string;
  sentiment: Exclude<Sentiment, 'MIXED'>;
}

export interface TagPost {
  id: string;
  split: Split;
  industry: string;
  text: string;
  platform: Platform;
  contentType: ContentType;
  tags: string[];
}

const read = <T>(name: string): T[] =>
  readFileSync(`${projectRoot}data/tagging/${name}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

export const categoryPosts = (split?: Split) => read<CategoryPost>('categories.jsonl').filter((post) => !split || post.split === split);
export const sentimentPosts = (split?: Split) => read<SentimentPost>('sentiment.jsonl').filter((post) => !split || post.split === split);
export const tagPosts = (split?: Split) => read<TagPost>('tags.jsonl').filter((post) => !split || post.split === split);
