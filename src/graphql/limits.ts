import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';

/**
 * Static limits checked before execution, so one request cannot make the server walk an
 * unbounded graph (content → campaign → business → campaigns → …). They leave room for a
 * dashboard query of businesses → campaigns → contents → latest analytics.
 */
export const queryLimits = {
  maxDepth: 16,
  maxAliases: 20,
  maxTokens: 3_000,
  maxCost: 10_000,
} as const;

export const queryLimitPlugins = () => [
  maxDepthPlugin({ n: queryLimits.maxDepth, flattenFragments: true }),
  maxAliasesPlugin({ n: queryLimits.maxAliases }),
  maxTokensPlugin({ n: queryLimits.maxTokens }),
  costLimitPlugin({ maxCost: queryLimits.maxCost }),
];
