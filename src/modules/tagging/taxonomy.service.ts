import { prisma } from '../../db/client.ts';
import { defaultTaxonomy, type TaxonomyCategory } from '../../domain/default-taxonomy.ts';

/** Creates the default marketing taxonomy's missing categories; existing ones are left as edited. */
export async function ensureDefaultTaxonomy(): Promise<number> {
  const existing = new Set((await prisma.category.findMany({ select: { name: true } })).map((c) => c.name));
  let created = 0;
  async function create(category: TaxonomyCategory, parentId: string | null) {
    const row = existing.has(category.name)
      ? await prisma.category.findUniqueOrThrow({ where: { name: category.name } })
      : await prisma.category
          .create({ data: { name: category.name, description: category.description, keywords: category.keywords, parentId } })
          .then((row) => ((created += 1), row))
          // Another instance starting at the same time may have created it first.
          .catch(() => prisma.category.findUniqueOrThrow({ where: { name: category.name } }));
    for (const child of category.children ?? []) await create(child, row.id);
  }
  for (const category of defaultTaxonomy) await create(category, null);
  return created;
}
