import { z } from 'zod';
import { findBusinessFor, findCampaignFor } from '../../auth/tenancy.ts';
import type { AppContext, ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { pageAfter } from '../../db/cursor-scope.ts';
import { notFoundIfMissing } from '../../db/errors.ts';
import { alsoSelecting } from '../../db/selection.ts';
import { CampaignStatus, CampaignType, Platform } from '../../domain/enums.ts';
import { ValidationError } from '../../domain/errors.ts';
import { calendarEntry, distinctList, limits, MAX_CALENDAR_ENTRIES, MAX_CAMPAIGN_DAYS, optionalText, pageInput, parseInput, text, timeOfDay } from '../../domain/fields.ts';
import type { CalendarEntry } from '../../domain/json-columns.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { actorOf, type CampaignChange, type EventActor } from '../../realtime/events.ts';
import { enqueueCampaignTagging } from '../tagging/campaign-tagging.ts';
import { moveCampaignStatus } from './campaign-status.ts';
import { recordCampaignVersion } from '../versions/version.service.ts';

const DAY_MS = 86_400_000;

const durationDays = z
  .number()
  .int()
  .min(1, 'Must be at least 1 day')
  .max(MAX_CAMPAIGN_DAYS, `Must be at most ${MAX_CAMPAIGN_DAYS} days`);
const cost = z.number().min(0, 'Must not be negative').max(1e9).nullish();

const campaignFields = {
  name: text(limits.name),
  goal: text(limits.longText),
  campaignType: z.enum(CampaignType),
  durationDays,
  strategySummary: optionalText(limits.longText),
  contentCalendar: z.array(calendarEntry).max(MAX_CALENDAR_ENTRIES),
  targetPlatforms: distinctList(z.enum(Platform), 8),
  contentStyle: optionalText(limits.shortText),
  visualStyle: optionalText(limits.shortText),
  hashtagStrategy: optionalText(limits.shortText),
  ctaPattern: optionalText(limits.shortText),
  estimatedCost: cost,
  startDate: z.date().nullish(),
  postingFrequency: z.number().int().min(0, 'Must not be negative').max(100, 'Must be at most 100').nullish(),
  optimalTimes: z.array(timeOfDay).max(24),
};

// Defaults only on create: on update (zod's partial keeps defaults) an omitted list must stay as it is.
export const createCampaignInput = z.object({
  ...campaignFields,
  contentCalendar: campaignFields.contentCalendar.default([]),
  targetPlatforms: campaignFields.targetPlatforms.default([]),
  optimalTimes: campaignFields.optimalTimes.default([]),
});
const updateCampaignInput = z.object(campaignFields).partial();

/** What the API layer asks to load along with the row (Pothos' include tree). */
type CampaignQuery = Pick<Prisma.CampaignDefaultArgs, 'include' | 'select'>;

function checkCalendarFits(calendar: readonly CalendarEntry[], durationDays: number) {
  const errors = calendar.flatMap((entry, index) =>
    entry.day > durationDays
      ? [{ path: ['input', 'contentCalendar', String(index), 'day'], message: `Must be within the campaign's ${durationDays} days` }]
      : [],
  );
  if (errors.length) throw new ValidationError(errors);
}

export const endDateOf = (startDate: Date | null | undefined, durationDays: number) =>
  startDate ? new Date(startDate.getTime() + durationDays * DAY_MS) : null;

const campaignFilters = z.object({ status: z.enum(CampaignStatus).nullish() });

/** A business's campaigns, newest first. */
export async function listCampaigns(ctx: ServiceContext, { businessId, filters, page }: { businessId: string; filters: unknown; page: unknown }) {
  const { status } = parseInput(campaignFilters, filters, []);
  const { first, after } = parseInput(pageInput, page, []);
  await findBusinessFor(ctx.viewer, businessId, 'read');
  const where = { businessId, ...(status ? { status } : {}) };
  return pageAfter(
    { first, after },
    (id) => prisma.campaign.count({ where: { ...where, id } }),
    (window) => prisma.campaign.findMany({ ...window, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  );
}

/** A campaign the viewer may read, with how many content items it has. */
export async function getCampaign(ctx: ServiceContext, { id }: { id: string }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'read');
  return { ...campaign, contentCount: await prisma.content.count({ where: { campaignId: id } }) };
}

/**
 * The campaign day by day: what its calendar plans for each day and the content written for it,
 * with the date of each day once the campaign has a start date.
 */
export async function campaignCalendar(ctx: ServiceContext, { id }: { id: string }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'read');
  const contents = await prisma.content.findMany({
    where: { campaignId: id },
    select: { id: true, day: true, platform: true, contentType: true, title: true, status: true, scheduledAt: true, publishedAt: true },
    orderBy: [{ day: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    take: MAX_CALENDAR_ENTRIES,
  });
  const days = new Set([...campaign.contentCalendar.map((entry) => entry.day), ...contents.map((content) => content.day)]);
  return {
    campaign,
    days: [...days]
      .sort((a, b) => a - b)
      .map((day) => ({
        day,
        date: campaign.startDate ? new Date(campaign.startDate.getTime() + (day - 1) * DAY_MS) : null,
        planned: campaign.contentCalendar.filter((entry) => entry.day === day),
        contents: contents.filter((content) => content.day === day),
      })),
  };
}

export async function createCampaign(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: CampaignQuery }) {
  const data = parseInput(createCampaignInput, input);
  checkCalendarFits(data.contentCalendar, data.durationDays);
  await findBusinessFor(ctx.viewer, businessId, 'edit');
  const campaign = await writeWithJobs(ctx.app, async (tx) => {
    const created = await tx.campaign.create({
      ...alsoSelecting(query, announced),
      data: { ...data, businessId, createdById: ctx.viewer.id, endDate: endDateOf(data.startDate, data.durationDays) },
    });
    await enqueueCampaignTagging(ctx.app, tx, created.id, ctx.viewer.id);
    return created;
  });
  announceCampaign(ctx.app, 'CREATED', campaign, null, actorOf(ctx.viewer));
  return campaign;
}

export async function updateCampaign(
  ctx: ServiceContext,
  { id, input, query, source = 'USER' }: { id: string; input: unknown; query?: CampaignQuery; source?: 'USER' | 'RESTORE' },
) {
  const data = parseInput(updateCampaignInput, input);
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  const durationDays = data.durationDays ?? campaign.durationDays;
  checkCalendarFits(data.contentCalendar ?? campaign.contentCalendar, durationDays);
  const startDate = data.startDate === undefined ? campaign.startDate : data.startDate;
  const updated = await writeWithJobs(ctx.app, async (tx) => {
    await recordCampaignVersion(tx, campaign, data, { source, viewer: ctx.viewer });
    const row = await tx.campaign
      .update({ ...alsoSelecting(query, announced), where: { id }, data: { ...data, endDate: endDateOf(startDate, durationDays) } })
      .catch(notFoundIfMissing('Campaign')); // moved to the trash since it was read
    if (data.goal !== undefined && data.goal !== campaign.goal) await enqueueCampaignTagging(ctx.app, tx, id, ctx.viewer.id);
    return row;
  });
  announceCampaign(ctx.app, 'UPDATED', updated, campaign.status, actorOf(ctx.viewer));
  return updated;
}

export async function transitionCampaign(ctx: ServiceContext, { id, to, query }: { id: string; to: CampaignStatus; query?: CampaignQuery }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  await moveCampaignStatus(prisma, { campaign, to });
  const updated = await prisma.campaign.findUniqueOrThrow({ ...alsoSelecting(query, announced), where: { id } });
  announceCampaign(ctx.app, 'TRANSITIONED', updated, campaign.status, actorOf(ctx.viewer));
  return updated;
}

// What announceCampaign reads from the row.
const announced = { id: true, businessId: true, status: true } as const;

/** Tells subscribers a campaign changed; call after the write committed. A null actor is the system (a recurring job). */
export function announceCampaign(
  app: AppContext,
  change: CampaignChange,
  campaign: { id: string; businessId: string; status: CampaignStatus },
  previousStatus: CampaignStatus | null,
  actor: EventActor,
) {
  app.events.publish('campaignUpdated', {
    businessId: campaign.businessId,
    campaignId: campaign.id,
    change,
    previousStatus,
    status: campaign.status,
    ...actor,
  });
}
