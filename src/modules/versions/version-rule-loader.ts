import { prisma } from '../../db/client.ts';
import type { AutomationRule } from '../../generated/prisma-postgresql/client.ts';
import { perRequestLoaders } from '../../request-loaders.ts';

type RuleQuery = { select?: object; include?: object };

// One loader per request (keyed by its context object) and selection: the rules of a page of
// versions are read in one statement, not one per version.
const loaders = perRequestLoaders<string, AutomationRule | null>();

/**
 * The automation rule a RULE version names, read as `query` selects it, batched per request; null
 * once the rule is deleted. Versions keep a rule's id without a foreign key, so the rule must also
 * be of the version's business.
 */
export function loadVersionRule(ctx: object, query: RuleQuery, version: { ruleId: string | null; businessId: string }): Promise<AutomationRule | null> {
  // Read before the null check too: Pothos refuses a Prisma query its resolver leaves untouched.
  const selection = JSON.stringify(query);
  if (!version.ruleId) return Promise.resolve(null);
  return loaders(ctx, selection, (keys) => rulesByKey(query, keys)).load(JSON.stringify([version.ruleId, version.businessId]));
}

async function rulesByKey(query: RuleQuery, keys: readonly string[]) {
  const wanted = keys.map((key) => JSON.parse(key) as [string, string]);
  // The id and business map rows back to keys; a selection without them gets them (an include has every column).
  const withKey = query.select ? { ...query, select: { ...query.select, id: true, businessId: true } } : query;
  const rules = (await prisma.automationRule.findMany({ ...withKey, where: { id: { in: wanted.map(([id]) => id) } } })) as AutomationRule[];
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return wanted.map(([id, businessId]) => {
    const rule = byId.get(id);
    return rule && rule.businessId === businessId ? rule : null;
  });
}
