import { memberBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { perRequestLoader } from '../../request-loaders.ts';

type CountsByCategory = ReadonlyMap<string, number>;

// Every category of a response, at any depth, shares one grouped count per business instead of a
// count per category.
const usageLoader = perRequestLoader<{ viewer: Viewer | null }, string, CountsByCategory>(({ viewer }) => (businessIds) => countByCategory(viewer, businessIds));

/**
 * How many content items of the business have this primary category. Counted only for a business
 * the viewer owns: any other business (or an anonymous viewer) has no content, so 0.
 */
export async function categoryUsageCount(ctx: { viewer: Viewer | null }, { businessId, categoryId }: { businessId: string; categoryId: string }) {
  return (await usageLoader(ctx).load(businessId)).get(categoryId) ?? 0;
}

async function countByCategory(viewer: Viewer | null, businessIds: readonly string[]): Promise<CountsByCategory[]> {
  const groups = await prisma.content.groupBy({
    by: ['businessId', 'primaryCategoryId'],
    where: { businessId: { in: [...businessIds] }, primaryCategoryId: { not: null }, business: memberBusinessWhere(viewer) },
    _count: { _all: true },
  });
  return businessIds.map((businessId) => new Map(groups.filter((g) => g.businessId === businessId).map((g) => [g.primaryCategoryId as string, g._count._all])));
}
