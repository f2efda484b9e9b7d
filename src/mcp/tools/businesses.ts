import { z } from 'zod';
import { localId } from '../../graphql/ids.ts';
import { getBusiness, listBusinesses } from '../../modules/business/business.service.ts';
import { defineTool, idArg, pageArgs, pageOf, reads } from '../tool.ts';
import { businessView, pageView } from '../views.ts';

export const businessTools = [
  defineTool({
    name: 'list_businesses',
    title: 'List businesses',
    description: 'The businesses you are a member of (an API key: its own business), newest first, with your role in each.',
    input: z.object(pageArgs),
    annotations: reads,
    run: async ({ ctx }, page) => pageView(await listBusinesses(ctx, { page: pageOf(page, 'Business') }), 'Business', businessView),
  }),
  defineTool({
    name: 'get_business',
    title: 'Get a business',
    description: "A business's profile: industry, description, target audience, brand voice, content preferences, plan, approval and auto-reply settings.",
    input: z.object({ businessId: idArg('Business') }),
    annotations: reads,
    run: async ({ ctx }, { businessId }) => businessView(await getBusiness(ctx, { id: localId(businessId, 'Business') })),
  }),
];
