import { z } from 'zod';
import { localId } from '../../graphql/ids.ts';
import { aiUsage } from '../../modules/ai-log/ai-log.service.ts';
import { dateTimeArg, defineTool, idArg, reads } from '../tool.ts';

export const aiUsageTools = [
  defineTool({
    name: 'get_ai_usage',
    title: 'Get AI usage',
    description: "A business's AI calls per feature over a period (all time when from and to are left out): calls, errors, tokens, cost in USD, mean latency and error rate.",
    input: z.object({ businessId: idArg('Business'), from: dateTimeArg.nullish(), to: dateTimeArg.nullish() }),
    annotations: reads,
    run: async ({ ctx }, { businessId, from, to }) => ({
      businessId,
      features: await aiUsage(ctx, { businessId: localId(businessId, 'Business'), filters: { from, to } }),
    }),
  }),
];
