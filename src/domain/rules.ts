import { z } from 'zod';
import { ContentStatus, ContentType, Platform, type RuleType } from './enums.ts';
import { ValidationError } from './errors.ts';
import { tagName } from './fields.ts';
import type { RuleActions, RuleConditions } from './json-columns.ts';
import { normalizeTag } from './tags.ts';

// Automation rules: conditions on a content item, actions on its category, tags and status.
// Validated when saved, so evaluating one can never fail at run time.

const phrase = z.string().trim().min(1, 'Must not be empty').max(100, 'Must be at most 100 characters');

export const ruleConditionsSchema = z
  .object({
    match: z.enum(['ALL', 'ANY']).default('ALL'),
    platforms: z.array(z.enum(Platform)).max(8).nullish(),
    contentTypes: z.array(z.enum(ContentType)).max(8).nullish(),
    /** Words or phrases in the title or caption, case-insensitive, whole words. */
    keywords: z.array(phrase).max(50).nullish(),
    hashtags: z.array(tagName).max(30).nullish(),
  })
  .refine((c) => [c.platforms, c.contentTypes, c.keywords, c.hashtags].some((list) => list && list.length > 0), {
    message: 'Give at least one condition: platforms, contentTypes, keywords or hashtags',
  }) satisfies z.ZodType<RuleConditions>;

export const ruleActionsSchema = z.object({
  /** A category name. */
  setCategory: z.string().trim().min(1).max(200).nullish(),
  addTags: z.array(tagName).max(10).nullish(),
  setStatus: z.enum(ContentStatus).nullish(),
}) satisfies z.ZodType<RuleActions>;

// What each kind of rule may do. Status changes still follow the pipeline when they run.
const allowedStatuses: Partial<Record<RuleType, ContentStatus[]>> = {
  APPROVAL: ['REVIEW', 'APPROVED', 'DRAFT'],
  SCHEDULING: ['SCHEDULED'],
};

/** Checks that the actions fit the rule type; returns field errors under input.actions. */
export function checkActionsFitType(ruleType: RuleType, actions: RuleActions): void {
  const problems: { path: string[]; message: string }[] = [];
  const at = (field: string, message: string) => problems.push({ path: ['input', 'actions', field], message });
  if (ruleType === 'CATEGORIZATION' && !actions.setCategory) at('setCategory', 'A CATEGORIZATION rule must set a category');
  if (ruleType === 'TAGGING' && !actions.addTags?.length) at('addTags', 'A TAGGING rule must add at least one tag');
  const statuses = allowedStatuses[ruleType];
  if (statuses && (!actions.setStatus || !statuses.includes(actions.setStatus))) {
    at('setStatus', `A ${ruleType} rule must set the status to one of ${statuses.join(', ')}`);
  }
  if (!statuses && actions.setStatus) at('setStatus', `A ${ruleType} rule cannot change the status`);
  if (ruleType !== 'CATEGORIZATION' && actions.setCategory) at('setCategory', `A ${ruleType} rule cannot set a category`);
  if (problems.length) throw new ValidationError(problems);
}

export interface RuleSubject {
  platform: Platform;
  contentType: ContentType;
  title: string | null;
  caption: string;
  hashtags: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// One pattern per keyword list, built once: rules are evaluated on every content write, and a
// business may have a hundred rules of fifty keywords each.
const keywordPatterns = new Map<string, RegExp>();
const PATTERNS_KEPT = 2_000;

function keywordPattern(keywords: readonly string[]): RegExp {
  const key = keywords.join('\u0000');
  let pattern = keywordPatterns.get(key);
  if (!pattern) {
    if (keywordPatterns.size >= PATTERNS_KEPT) keywordPatterns.clear();
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${keywords.map(escape).join('|')})($|[^\\p{L}\\p{N}])`, 'iu');
    keywordPatterns.set(key, pattern);
  }
  return pattern;
}

export function conditionsMatch(conditions: RuleConditions, subject: RuleSubject): boolean {
  const text = `${subject.title ?? ''}\n${subject.caption}`;
  const hashtags = new Set(subject.hashtags.map((tag) => normalizeTag(tag)));
  const checks: boolean[] = [];
  if (conditions.platforms?.length) checks.push(conditions.platforms.includes(subject.platform));
  if (conditions.contentTypes?.length) checks.push(conditions.contentTypes.includes(subject.contentType));
  if (conditions.keywords?.length) {
    checks.push(keywordPattern(conditions.keywords).test(text));
  }
  if (conditions.hashtags?.length) checks.push(conditions.hashtags.some((tag) => hashtags.has(tag)));
  return conditions.match === 'ANY' ? checks.some(Boolean) : checks.every(Boolean);
}

export interface StoredRule {
  id: string;
  ruleType: RuleType;
  priority: number;
  conditions: RuleConditions;
  actions: RuleActions;
}

export interface RuleOutcome {
  category: { name: string; ruleId: string } | null;
  tags: string[];
  status: { status: ContentStatus; ruleId: string } | null;
  /** Every rule evaluated, and whether it matched. */
  evaluated: { ruleId: string; matched: boolean }[];
}

/** Evaluates enabled rules, highest priority first: the first category and status win, tags add up. */
export function evaluateRules(rules: readonly StoredRule[], subject: RuleSubject): RuleOutcome {
  const outcome: RuleOutcome = { category: null, tags: [], status: null, evaluated: [] };
  for (const rule of [...rules].sort((a, b) => b.priority - a.priority)) {
    const matched = conditionsMatch(rule.conditions, subject);
    outcome.evaluated.push({ ruleId: rule.id, matched });
    if (!matched) continue;
    if (rule.actions.setCategory && !outcome.category) outcome.category = { name: rule.actions.setCategory, ruleId: rule.id };
    if (rule.actions.addTags) outcome.tags.push(...rule.actions.addTags);
    if (rule.actions.setStatus && !outcome.status) outcome.status = { status: rule.actions.setStatus, ruleId: rule.id };
  }
  return outcome;
}
