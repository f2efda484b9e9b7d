import { ConflictError, InvalidTransitionError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { globalId, localId } from '../../graphql/ids.ts';
import { visibleUserField } from '../account/user.schema.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { updateCampaign } from '../campaign/campaign.service.ts';
import { ContentNode } from '../content/content.schema.ts';
import { updateContent } from '../content/content.service.ts';
import { AutomationRuleNode } from '../tagging/rule.schema.ts';
import { loadVersionRule } from './version-rule-loader.ts';
import { loadVersionCount, loadVersionPage, type PageQuery } from './version-loader.ts';
import { findVersionFor, restoreInputOf } from './version.service.ts';

const VersionSourceEnum = builder.enumType('VersionSource', {
  values: ['USER', 'AI', 'RULE', 'RESTORE'] as const,
  description: 'USER: an edit (by a person or their API key). AI: a regeneration. RULE: an automation rule. RESTORE: restoreVersion.',
});

export const VersionRef = builder.prismaObject('Version', {
  description: 'A campaign or content as it was before one change.',
  fields: (t) => ({
    id: t.id({ resolve: (version) => globalId('Version', version.id) }),
    source: t.field({ type: VersionSourceEnum, resolve: (version) => version.source }),
    actor: t.field(visibleUserField('actor', 'Who made the change (for a RULE, nobody); null when they share no business with you any more.')),
    madeWithApiKey: t.boolean({ description: 'Whether the change came through an API key of the actor.', resolve: (version) => version.apiKeyId !== null }),
    rule: t.prismaField({
      type: AutomationRuleNode,
      nullable: true,
      description: 'RULE: the rule whose action it was (null once the rule is deleted).',
      resolve: (query, version, _args, ctx) => loadVersionRule(ctx, query, version),
    }),
    changedFields: t.stringList({ resolve: (version) => version.changedFields }),
    previous: t.field({ type: 'JSON', description: 'Every versioned field as it was before the change.', resolve: (version) => version.previous }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const versionsOf = (entityType: 'CAMPAIGN' | 'CONTENT') => ({
  type: VersionRef,
  cursor: 'id' as const,
  description: 'What it was before each change, newest first: who or what changed it, when, which fields, and their previous values.',
  totalCount: (parent: { id: string }, _args: unknown, ctx: Context) => loadVersionCount(ctx, entityType, parent.id),
  // Batched over the parents of a response (a list of campaigns, nodes(ids:)).
  resolve: (query: object, parent: { id: string }, _args: unknown, ctx: Context) => loadVersionPage(ctx, entityType, query as PageQuery, parent.id),
});

builder.prismaObjectField(ContentNode, 'versions', (t) => t.prismaConnection(versionsOf('CONTENT')));
builder.prismaObjectField(CampaignNode, 'versions', (t) => t.prismaConnection(versionsOf('CAMPAIGN')));

const RestoreVersionInput = builder.inputType('RestoreVersionInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const RestoredVersion = builder.objectRef<{ content: unknown; campaign: unknown }>('RestoredVersion').implement({
  fields: (t) => ({
    content: t.field({ type: ContentNode, nullable: true, resolve: (payload) => payload.content as never }),
    campaign: t.field({ type: CampaignNode, nullable: true, resolve: (payload) => payload.campaign as never }),
  }),
});

builder.mutationField('restoreVersion', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RestoredVersion,
    errors: { types: [InvalidTransitionError, ConflictError] },
    description:
      "Writes a version's fields back as an edit (the same role and rules as editing: approved text goes back to REVIEW), which is itself kept as a RESTORE version: history is never rewritten. Content's category and tags follow its text through tagging.",
    args: { input: t.arg({ type: RestoreVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const version = await findVersionFor(ctx.viewer, localId(input.id, 'Version'));
      const restore = { id: version.entityId, input: restoreInputOf(version), source: 'RESTORE' as const };
      if (version.entityType === 'CONTENT') return { content: await updateContent(ctx, restore), campaign: null };
      return { content: null, campaign: await updateCampaign(ctx, restore) };
    },
  }),
);
