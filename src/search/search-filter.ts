import { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { ContentStatus, Platform } from '../domain/enums.ts';

export const hitKinds = ['CONTENT', 'CAMPAIGN', 'MESSAGE'] as const;
export type HitKind = (typeof hitKinds)[number];

export interface SearchFilter {
  kinds?: HitKind[];
  platform?: Platform;
  status?: ContentStatus;
  categoryId?: string;
  tag?: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The kinds a filter can match: status, category, tag and campaign describe content only; a
 * platform, content and messages.
 */
export function kindsMatching(filter: SearchFilter): HitKind[] {
  const contentOnly = filter.status || filter.categoryId || filter.tag || filter.campaignId;
  const possible: readonly HitKind[] = contentOnly ? ['CONTENT'] : filter.platform ? ['CONTENT', 'MESSAGE'] : hitKinds;
  return possible.filter((kind) => !filter.kinds || filter.kinds.includes(kind));
}

const createdBetween = (column: Prisma.Sql, filter: SearchFilter) =>
  Prisma.sql`${filter.from ? Prisma.sql` AND ${column} >= ${filter.from}` : Prisma.empty}${filter.to ? Prisma.sql` AND ${column} < ${filter.to}` : Prisma.empty}`;

/**
 * Conditions on content aliased `c`: the business first, then the filter. ARCHIVED content is
 * found only when the filter asks for that status.
 */
export function contentConditions(businessId: string, filter: SearchFilter): Prisma.Sql {
  return Prisma.sql`c."businessId" = ${businessId}
    AND ${filter.status ? Prisma.sql`c."status" = ${filter.status}` : Prisma.sql`c."status" <> 'ARCHIVED'`}
    ${filter.platform ? Prisma.sql` AND c."platform" = ${filter.platform}` : Prisma.empty}
    ${filter.categoryId ? Prisma.sql` AND c."primaryCategoryId" = ${filter.categoryId}` : Prisma.empty}
    ${filter.campaignId ? Prisma.sql` AND c."campaignId" = ${filter.campaignId}` : Prisma.empty}
    ${filter.tag ? Prisma.sql` AND EXISTS (SELECT 1 FROM "ContentTag" ct JOIN "Tag" t ON t."id" = ct."tagId" WHERE ct."contentId" = c."id" AND t."name" = ${filter.tag})` : Prisma.empty}
    ${createdBetween(Prisma.sql`c."createdAt"`, filter)}`;
}

/** Conditions on a search document aliased `d` and its owner (c, g or m), by kind. */
export function documentConditions(businessId: string, filter: SearchFilter): Prisma.Sql {
  const kinds = kindsMatching(filter);
  const byKind: Record<HitKind, Prisma.Sql> = {
    CONTENT: Prisma.sql`(d."kind" = 'CONTENT' AND ${contentConditions(businessId, filter)})`,
    CAMPAIGN: Prisma.sql`(d."kind" = 'CAMPAIGN' AND g."businessId" = ${businessId} AND g."status" <> 'ARCHIVED'${createdBetween(Prisma.sql`g."createdAt"`, filter)})`,
    MESSAGE: Prisma.sql`(d."kind" = 'MESSAGE' AND m."businessId" = ${businessId}${filter.platform ? Prisma.sql` AND m."platform" = ${filter.platform}` : Prisma.empty}${createdBetween(Prisma.sql`m."createdAt"`, filter)})`,
  };
  if (kinds.length === 0) return Prisma.sql`1 = 0`;
  return Prisma.sql`d."businessId" = ${businessId} AND (${Prisma.join(kinds.map((kind) => byKind[kind]), ' OR ')})`;
}

export const documentOwners = Prisma.sql`
  LEFT JOIN "Content" c ON d."kind" = 'CONTENT' AND c."id" = d."ownerId"
  LEFT JOIN "Campaign" g ON d."kind" = 'CAMPAIGN' AND g."id" = d."ownerId"
  LEFT JOIN "Message" m ON d."kind" = 'MESSAGE' AND m."id" = d."ownerId"`;
