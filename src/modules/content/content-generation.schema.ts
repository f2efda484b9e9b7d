import { AiProviderFailedError, BudgetExceededError, ConflictError, InvalidTransitionError, RateLimitedError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentTypeEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../graphql/inputs.ts';
import { generateContent, regenerateContent } from './content-generation.service.ts';
import { predictContentPerformance } from './performance.service.ts';
import { ContentNode } from './content.schema.ts';

const paidErrors = [RateLimitedError, BudgetExceededError, ConflictError, AiProviderFailedError];

const GenerateContentInput = builder.inputType('GenerateContentInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    platform: t.field({ type: PlatformEnum, required: true }),
    contentType: t.field({ type: ContentTypeEnum, required: true }),
    day: t.int({ required: true }),
    theme: t.string({ required: true }),
    instructions: t.string(),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const RegenerateContentInput = builder.inputType('RegenerateContentInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    instructions: t.string(),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
  generateContent: signedIn.prismaField({
    type: ContentNode,
    errors: { types: paidErrors },
    description: 'Has the AI write one DRAFT content item for a campaign.',
    args: { input: t.arg({ type: GenerateContentInput, required: true }) },
    resolve: (query, _root, { input: { campaignId, ...input } }, ctx) =>
      generateContent(ctx, { campaignId: localId(campaignId, 'Campaign'), input, query }),
  }),
  regenerateContent: signedIn.prismaField({
    type: ContentNode,
    errors: { types: [...paidErrors, InvalidTransitionError] },
    description: 'Has the AI rewrite a content item that is not yet scheduled; the previous text is kept as an AI version (Content.versions).',
    args: { input: t.arg({ type: RegenerateContentInput, required: true }) },
    resolve: (query, _root, { input: { id, ...input } }, ctx) => regenerateContent(ctx, { id: localId(id, 'Content'), input, query }),
  }),
  predictPerformance: signedIn.prismaField({
    type: ContentNode,
    errors: {},
    description: 'Scores how well a content item is likely to perform (0–100, with a confidence) and stores it on the content.',
    args: { contentId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => predictContentPerformance(ctx, { id: localId(args.contentId, 'Content'), query }),
  }),
  };
});
