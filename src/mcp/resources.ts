import { globalId, localId } from '../graphql/ids.ts';
import { getBusiness, listBusinesses } from '../modules/business/business.service.ts';
import { campaignCalendar } from '../modules/campaign/campaign.service.ts';
import type { McpCallContext } from './tool.ts';
import { businessView, campaignSummaryView } from './views.ts';

export interface McpResourceTemplate {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** RFC 6570, the id percent-encoded (global IDs may hold `/`). */
  readonly uriTemplate: string;
  /** The global ID a URI of this template names, or null when it is not one. */
  match(uri: string): string | null;
  read(ctx: McpCallContext, id: string): Promise<unknown>;
}

const template = (prefix: string, suffix: string) => ({
  uriTemplate: `${prefix}{id}${suffix}`,
  uriOf: (id: string) => `${prefix}${encodeURIComponent(id)}${suffix}`,
  match(uri: string) {
    if (!uri.startsWith(prefix) || !uri.endsWith(suffix)) return null;
    const encoded = uri.slice(prefix.length, uri.length - suffix.length);
    if (!encoded || encoded.includes('/')) return null;
    try {
      return decodeURIComponent(encoded);
    } catch {
      return null;
    }
  },
});

const profile = template('herald://businesses/', '/profile');
const calendar = template('herald://campaigns/', '/calendar');

export const resourceTemplates: readonly McpResourceTemplate[] = [
  {
    name: 'business-profile',
    title: 'Business profile',
    description: 'What the AI writes from: the business, its audience, brand voice and content preferences.',
    uriTemplate: profile.uriTemplate.replace('{id}', '{businessId}'),
    match: profile.match,
    read: async (ctx, id) => businessView(await getBusiness(ctx, { id: localId(id, 'Business') })),
  },
  {
    name: 'campaign-calendar',
    title: 'Campaign calendar',
    description: 'A campaign day by day: the plan for each day (platform, content type, theme) and the content written for it, with dates once the campaign has a start date.',
    uriTemplate: calendar.uriTemplate.replace('{id}', '{campaignId}'),
    match: calendar.match,
    read: async (ctx, id) => {
      const { campaign, days } = await campaignCalendar(ctx, { id: localId(id, 'Campaign') });
      return {
        campaign: campaignSummaryView(campaign),
        days: days.map(({ contents, ...day }) => ({ ...day, contents: contents.map((content) => ({ ...content, id: globalId('Content', content.id) })) })),
      };
    },
  },
];

/** The resources to list: the profile of each business the caller reads (the first 100). */
export async function listResources(ctx: McpCallContext) {
  const { items } = await listBusinesses(ctx, { page: { first: 100 } });
  return items.map((business) => ({
    uri: profile.uriOf(globalId('Business', business.id)),
    name: `${business.name} profile`,
    title: `${business.name}: business profile`,
    mimeType: 'application/json',
  }));
}

