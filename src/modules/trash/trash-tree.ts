import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { encodeRows, type TrashedTable } from './trash-rows.ts';

// What goes to the trash with an object: every row that would otherwise be erased with it by the
// schema's cascades, parents before children (the order they are written back in). Derived rows
// are left out: embeddings, search vectors and cached values are recomputed, webhook delivery
// logs are not kept. Cache generations are kept: with them gone, every scope would be back at its
// initial generation, under which instances' memory and Redis may still hold values from before
// later writes. A test compares
// this list with the schema, so a new table below a business cannot be forgotten here.

export type TrashKind = 'BUSINESS' | 'CAMPAIGN' | 'CONTENT' | 'MESSAGE';

const table = (model: string, rows: readonly object[]): TrashedTable => ({ model, rows: encodeRows(rows) });

/** The rows below a set of contents, after the contents themselves. */
async function contentTables(tx: Transaction, where: Prisma.ContentWhereInput): Promise<TrashedTable[]> {
  const contents = await tx.content.findMany({ where, orderBy: { id: 'asc' } });
  const below = { contentId: { in: contents.map((content) => content.id) } };
  return [
    table('content', contents),
    table('contentAsset', await tx.contentAsset.findMany({ where: below, orderBy: { id: 'asc' } })),
    table('analyticsSnapshot', await tx.analyticsSnapshot.findMany({ where: below, orderBy: { id: 'asc' } })),
    table('analyticsDaily', await tx.analyticsDaily.findMany({ where: below, orderBy: { id: 'asc' } })),
    table('contentTag', await tx.contentTag.findMany({ where: below, orderBy: [{ contentId: 'asc' }, { tagId: 'asc' }] })),
  ];
}

/** Every row of the object and below it, read in the caller's transaction. */
export async function collectTrashedRows(tx: Transaction, kind: TrashKind, id: string): Promise<TrashedTable[]> {
  switch (kind) {
    case 'CONTENT':
      return contentTables(tx, { id });
    case 'CAMPAIGN':
      return [
        table('campaign', await tx.campaign.findMany({ where: { id } })),
        table('campaignCost', await tx.campaignCost.findMany({ where: { campaignId: id }, orderBy: { id: 'asc' } })),
        ...(await contentTables(tx, { campaignId: id })),
        // The AI log stays (it is the business's record of spend); what it cost the campaign comes back with it.
        { model: 'aiLog', relink: 'campaignId', rows: encodeRows(await tx.aiLog.findMany({ where: { campaignId: id }, select: { id: true, campaignId: true } })) },
      ];
    case 'MESSAGE':
      return [table('message', await tx.message.findMany({ where: { id } }))];
    case 'BUSINESS': {
      const businessId = id;
      const ofBusiness = { where: { businessId } };
      return [
        table('business', await tx.business.findMany({ where: { id } })),
        table('membership', await tx.membership.findMany(ofBusiness)),
        table('invitation', await tx.invitation.findMany(ofBusiness)),
        table('apiKey', await tx.apiKey.findMany(ofBusiness)),
        table('webhookEndpoint', await tx.webhookEndpoint.findMany(ofBusiness)),
        table('socialAccount', await tx.socialAccount.findMany(ofBusiness)),
        table('automationRule', await tx.automationRule.findMany(ofBusiness)),
        table('tag', await tx.tag.findMany(ofBusiness)),
        table('aiBudgetPeriod', await tx.aiBudgetPeriod.findMany(ofBusiness)),
        table('campaign', await tx.campaign.findMany(ofBusiness)),
        table('campaignCost', await tx.campaignCost.findMany(ofBusiness)),
        table('aiLog', await tx.aiLog.findMany(ofBusiness)),
        ...(await contentTables(tx, { businessId })),
        table('message', await tx.message.findMany(ofBusiness)),
        table('cacheGeneration', await tx.cacheGeneration.findMany(ofBusiness)),
      ];
    }
  }
}
