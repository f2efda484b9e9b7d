import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { RuleType } from '../../domain/enums.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { checkActionsFitType, ruleActionsSchema, ruleConditionsSchema } from '../../domain/rules.ts';
import { limits, MAX_RULES_PER_BUSINESS, parseInput, text } from '../../domain/fields.ts';
import { authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';

type RuleQuery = Pick<Prisma.AutomationRuleDefaultArgs, 'include' | 'select'>;

const ruleFields = {
  name: text(limits.name),
  ruleType: z.enum(RuleType),
  conditions: ruleConditionsSchema,
  actions: ruleActionsSchema,
  priority: z.number().int().min(-1000).max(1000),
  enabled: z.boolean(),
};
const createRuleInput = z.object({ ...ruleFields, priority: ruleFields.priority.default(0), enabled: ruleFields.enabled.default(true) });
const updateRuleInput = z.object(ruleFields).partial();

/** A rule must be whole and runnable when saved: actions fit its type, its category exists. */
async function checkRunnable(rule: { ruleType: RuleType; actions: z.infer<typeof ruleActionsSchema> }) {
  checkActionsFitType(rule.ruleType, rule.actions);
  if (rule.actions.setCategory && !(await prisma.category.findUnique({ where: { name: rule.actions.setCategory }, select: { id: true } }))) {
    throw new ValidationError([{ path: ['input', 'actions', 'setCategory'], message: `There is no category named "${rule.actions.setCategory}"` }]);
  }
}

export async function createRule({ viewer }: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: RuleQuery }) {
  const data = parseInput(createRuleInput, input);
  await findBusinessFor(viewer, businessId, 'manageRules');
  await checkRunnable(data);
  if ((await prisma.automationRule.count({ where: { businessId } })) >= MAX_RULES_PER_BUSINESS) {
    throw new ValidationError([{ path: ['input'], message: `A business can have at most ${MAX_RULES_PER_BUSINESS} automation rules; delete one first` }]);
  }
  return prisma.automationRule.create({ ...query, data: { ...data, businessId } });
}

async function findManagedRule(viewer: Viewer, id: string) {
  const rule = await prisma.automationRule.findFirst({ where: { id, ...inMemberBusinessWhere(viewer) } });
  return authorizeRow(viewer, rule, 'AutomationRule', 'manageRules');
}

export async function updateRule({ viewer }: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: RuleQuery }) {
  const data = parseInput(updateRuleInput, input);
  const rule = await findManagedRule(viewer, id);
  await checkRunnable({
    ruleType: data.ruleType ?? rule.ruleType,
    actions: data.actions ?? ruleActionsSchema.parse(rule.actions),
  });
  return prisma.automationRule.update({ ...query, where: { id }, data });
}

export async function deleteRule({ viewer }: ServiceContext, { id }: { id: string }) {
  await findManagedRule(viewer, id);
  await prisma.automationRule.delete({ where: { id } });
}
