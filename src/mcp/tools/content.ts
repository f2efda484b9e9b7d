import { z } from 'zod';
import { ContentStatus, Platform } from '../../domain/enums.ts';
import { limits, optionalText } from '../../domain/fields.ts';
import { localId } from '../../graphql/ids.ts';
import { generateContent, generateContentInput } from '../../modules/content/content-generation.service.ts';
import {
  createContent,
  createContentInput,
  getContent,
  listContent,
  transitionContent,
  transitionDetails,
  updateContent,
  updateContentInput,
} from '../../modules/content/content.service.ts';
import { searchContentInput, searchContentItems } from '../../modules/search/search.service.ts';
import { tagContentNow } from '../../modules/tagging/tagging.service.ts';
import { dateTimeArg, defineTool, generates, idArg, pageArgs, pageOf, reads, writes } from '../tool.ts';
import { contentView, pageView } from '../views.ts';

export const contentTools = [
  defineTool({
    name: 'list_content',
    title: 'List content',
    description: "The content items of a campaign (campaignId) or of a whole business (businessId), in calendar order, with each item's category and tags.",
    input: z.object({
      campaignId: idArg('Campaign').nullish(),
      businessId: idArg('Business').nullish(),
      status: z.enum(ContentStatus).nullish(),
      platform: z.enum(Platform).nullish(),
      ...pageArgs,
    }),
    annotations: reads,
    run: async ({ ctx }, { campaignId, businessId, status, platform, ...page }) =>
      pageView(
        await listContent(ctx, {
          campaignId: campaignId && localId(campaignId, 'Campaign'),
          businessId: businessId && localId(businessId, 'Business'),
          filters: { status, platform },
          page: pageOf(page, 'Content'),
        }),
        'Content',
        contentView,
      ),
  }),
  defineTool({
    name: 'create_content',
    title: 'Create content',
    description: "Writes a DRAFT content item for a campaign by hand (generate_content has the AI write one). The caption must fit the platform's limit and the day the campaign's duration.",
    input: z.object({ campaignId: idArg('Campaign'), ...createContentInput.shape, scheduledAt: dateTimeArg.nullish() }),
    annotations: writes,
    run: async ({ ctx }, { campaignId, ...input }) => contentView(await createContent(ctx, { campaignId: localId(campaignId, 'Campaign'), input })),
  }),
  defineTool({
    name: 'update_content',
    title: 'Update content',
    description:
      'Changes a content item; arguments left out stay as they are, null clears an optional one. Changing the approved text of APPROVED or SCHEDULED content sends it back to REVIEW where approval is required. Status changes go through transition_content.',
    input: z.object({ contentId: idArg('Content'), ...updateContentInput.shape, scheduledAt: dateTimeArg.nullish() }),
    annotations: writes,
    run: async ({ ctx }, { contentId, ...input }) => contentView(await updateContent(ctx, { id: localId(contentId, 'Content'), input })),
  }),
  defineTool({
    name: 'transition_content',
    title: 'Move content along its pipeline',
    description:
      'Moves content to another status: DRAFT→REVIEW|ARCHIVED; REVIEW→APPROVED|DRAFT|ARCHIVED; APPROVED→SCHEDULED|REVIEW|DRAFT|ARCHIVED; SCHEDULED→PUBLISHING|APPROVED|REVIEW|ARCHIVED; PUBLISHING→PUBLISHED|FAILED; FAILED→SCHEDULED|DRAFT|ARCHIVED; PUBLISHED→ARCHIVED; ARCHIVED→DRAFT (allowedTransitions on each item). Scheduling needs a future scheduledAt; approving (REVIEW→APPROVED) needs an ADMIN or the OWNER and may carry a comment.',
    input: z.object({
      contentId: idArg('Content'),
      to: z.enum(ContentStatus),
      ...transitionDetails.shape,
      scheduledAt: dateTimeArg.nullish().describe('The publishing time, when moving to SCHEDULED'),
      comment: optionalText(limits.longText).describe('Shown with an approval (REVIEW→APPROVED only)'),
    }),
    annotations: writes,
    run: async ({ ctx }, { contentId, to, comment, ...details }) =>
      contentView(await transitionContent(ctx, { id: localId(contentId, 'Content'), to, details, ...(comment ? { comment } : {}) })),
  }),
  defineTool({
    name: 'generate_content',
    title: 'Generate content with AI',
    description:
      "Has the AI write one DRAFT content item for a campaign day from the business's profile and the campaign's plan. Paid: counts against the monthly AI budget; an idempotencyKey makes a retry return the first result.",
    input: z.object({ campaignId: idArg('Campaign'), ...generateContentInput.shape }),
    annotations: generates,
    run: async ({ ctx }, { campaignId, ...input }) => contentView(await generateContent(ctx, { campaignId: localId(campaignId, 'Campaign'), input })),
  }),
  defineTool({
    name: 'categorize_content',
    title: 'Categorise and tag content',
    description:
      "Runs categorisation and tagging on a content item now: its primary category (with confidence and source: RULE, LLM or SIMILARITY), tags, sentiment and quality score. Nothing changes when what it reads has not changed. Counts against the AI budget.",
    input: z.object({ contentId: idArg('Content') }),
    annotations: generates,
    run: async ({ ctx }, { contentId }) => {
      const id = localId(contentId, 'Content');
      await tagContentNow(ctx, { id });
      return contentView(await getContent(ctx, { id }));
    },
  }),
  defineTool({
    name: 'search_content',
    title: 'Search content',
    description:
      "A business's content matching the query, best first, each with its score and a snippet (HTML: the text escaped, matches in <mark>). mode KEYWORD (the default): words in the title, hashtags and caption (a title match counts most), \"a phrase\", `or` between terms, -excluded. SEMANTIC: nearest in meaning by embeddings (content not embedded yet is embedded first, on the AI budget). HYBRID: both rankings fused. ARCHIVED content only when status asks for it.",
    input: z.object({ businessId: idArg('Business'), ...searchContentInput.shape }),
    annotations: reads,
    run: async ({ ctx }, { businessId, ...input }) => ({
      items: (await searchContentItems(ctx, { businessId: localId(businessId, 'Business'), input })).map(({ content, score, snippet }) => ({
        ...contentView(content),
        score,
        snippet,
      })),
    }),
  }),
];
