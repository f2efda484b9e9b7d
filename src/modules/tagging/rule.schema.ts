import { MAX_RULES_PER_BUSINESS } from '../../domain/fields.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum, ContentTypeEnum, PlatformEnum, RuleTypeEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import type { RuleActions, RuleConditions } from '../../domain/json-columns.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { createRule, deleteRule, updateRule } from './rule.service.ts';

const RuleMatchEnum = builder.enumType('RuleMatch', { values: ['ALL', 'ANY'] as const });

const RuleConditionsRef = builder.objectRef<RuleConditions>('RuleConditions').implement({
  fields: (t) => ({
    match: t.field({ type: RuleMatchEnum, resolve: (c) => c.match }),
    platforms: t.field({ type: [PlatformEnum], resolve: (c) => c.platforms ?? [] }),
    contentTypes: t.field({ type: [ContentTypeEnum], resolve: (c) => c.contentTypes ?? [] }),
    keywords: t.stringList({ description: 'Whole words or phrases in the title or caption, any case.', resolve: (c) => c.keywords ?? [] }),
    hashtags: t.stringList({ resolve: (c) => c.hashtags ?? [] }),
  }),
});

const RuleActionsRef = builder.objectRef<RuleActions>('RuleActions').implement({
  fields: (t) => ({
    setCategory: t.string({ nullable: true, description: 'A category name.', resolve: (a) => a.setCategory ?? null }),
    addTags: t.stringList({ resolve: (a) => a.addTags ?? [] }),
    setStatus: t.field({ type: ContentStatusEnum, nullable: true, resolve: (a) => a.setStatus ?? null }),
  }),
});

export const AutomationRuleNode = builder.prismaNode('AutomationRule', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    ruleType: t.expose('ruleType', { type: RuleTypeEnum }),
    conditions: t.expose('conditions', { type: RuleConditionsRef }),
    actions: t.expose('actions', { type: RuleActionsRef }),
    priority: t.exposeInt('priority', { description: 'Higher runs first.' }),
    enabled: t.exposeBoolean('enabled'),
    executionCount: t.exposeInt('executionCount'),
    successCount: t.exposeInt('successCount'),
    lastExecutedAt: t.expose('lastExecutedAt', { type: 'DateTime', nullable: true }),
    business: t.relation('business', { type: BusinessNode }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField(BusinessNode, 'automationRules', (t) =>
  t.relation('rules', { type: AutomationRuleNode, extensions: { maxItems: MAX_RULES_PER_BUSINESS }, query: { orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }] } }),
);

const RuleConditionsInput = builder.inputType('RuleConditionsInput', {
  fields: (t) => ({
    match: t.field({ type: RuleMatchEnum, description: 'ALL (default): every condition given must hold; ANY: one is enough.' }),
    platforms: t.field({ type: [PlatformEnum] }),
    contentTypes: t.field({ type: [ContentTypeEnum] }),
    keywords: t.stringList(),
    hashtags: t.stringList(),
  }),
});

const RuleActionsInput = builder.inputType('RuleActionsInput', {
  fields: (t) => ({
    setCategory: t.string({ description: 'CATEGORIZATION rules: a category name.' }),
    addTags: t.stringList({ description: 'TAGGING rules.' }),
    setStatus: t.field({ type: ContentStatusEnum, description: 'APPROVAL (REVIEW, APPROVED, DRAFT) and SCHEDULING (SCHEDULED) rules; applied only where the pipeline allows it.' }),
  }),
});

const RuleInput = createAndUpdateInputs('AutomationRule', {
  createOnly: (t) => ({ businessId: t.id({ required: true }) }),
  fields: (t, onCreate) => ({
    name: t.string({ required: onCreate }),
    ruleType: t.field({ type: RuleTypeEnum, required: onCreate }),
    conditions: t.field({ type: RuleConditionsInput, required: onCreate }),
    actions: t.field({ type: RuleActionsInput, required: onCreate }),
    priority: t.int(),
    enabled: t.boolean(),
  }),
});

const DeleteRuleInput = builder.inputType('DeleteAutomationRuleInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const DeletedRule = builder.simpleObject('DeletedAutomationRule', { fields: (t) => ({ deletedId: t.id() }) });

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createAutomationRule: signedIn.prismaField({
      type: AutomationRuleNode,
      errors: {},
      description: 'Adds a rule to a business you are a member of; it is checked to be runnable when saved.',
      args: { input: t.arg({ type: RuleInput.create, required: true }) },
      resolve: (query, _root, { input: { businessId, ...input } }, ctx) => createRule(ctx, { businessId: localId(businessId, 'Business'), input, query }),
    }),
    updateAutomationRule: signedIn.prismaField({
      type: AutomationRuleNode,
      errors: {},
      args: { input: t.arg({ type: RuleInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateRule(ctx, { id: localId(id, 'AutomationRule'), input, query }),
    }),
    deleteAutomationRule: signedIn.field({
      type: DeletedRule,
      errors: {},
      args: { input: t.arg({ type: DeleteRuleInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await deleteRule(ctx, { id: localId(input.id, 'AutomationRule') });
        return { deletedId: input.id };
      },
    }),
  };
});
