import { z } from 'zod';
import { findBusinessFor, findCampaignFor } from '../../auth/tenancy.ts';
import type { AppContext, ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { alsoSelecting } from '../../db/selection.ts';
import { type CampaignStatus, CampaignType, Platform } from '../../domain/enums.ts';
import { ValidationError } from '../../domain/errors.ts';
import { calendarEntry, distinctList, limits, MAX_CALENDAR_ENTRIES, MAX_CAMPAIGN_DAYS, optionalText, parseInput, text, timeOfDay } from '../../domain/fields.ts';
import type { CalendarEntry } from '../../domain/json-columns.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { CampaignChange } from '../../realtime/events.ts';
import { moveCampaignStatus } from './campaign-status.ts';

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
const createCampaignInput = z.object({
  ...campaignFields,
  contentCalendar: campaignFields.contentCalendar.default([]),
  targetPlatforms: campaignFields.targetPlatforms.default([]),
  optimalTimes: campaignFields.optimalTimes.default([]),
});
const updateCampaignInput = z.object({ ...campaignFields, actualCost: cost }).partial();

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

export async function createCampaign(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: CampaignQuery }) {
  const data = parseInput(createCampaignInput, input);
  checkCalendarFits(data.contentCalendar, data.durationDays);
  await findBusinessFor(ctx.viewer, businessId, 'edit');
  const campaign = await prisma.campaign.create({
    ...alsoSelecting(query, announced),
    data: { ...data, businessId, createdById: ctx.viewer.id, endDate: endDateOf(data.startDate, data.durationDays) },
  });
  announceCampaign(ctx.app, 'CREATED', campaign, null, ctx.viewer.id);
  return campaign;
}

export async function updateCampaign(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: CampaignQuery }) {
  const data = parseInput(updateCampaignInput, input);
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  const durationDays = data.durationDays ?? campaign.durationDays;
  checkCalendarFits(data.contentCalendar ?? campaign.contentCalendar, durationDays);
  const startDate = data.startDate === undefined ? campaign.startDate : data.startDate;
  const updated = await prisma.campaign.update({ ...alsoSelecting(query, announced), where: { id }, data: { ...data, endDate: endDateOf(startDate, durationDays) } });
  announceCampaign(ctx.app, 'UPDATED', updated, campaign.status, ctx.viewer.id);
  return updated;
}

export async function transitionCampaign(ctx: ServiceContext, { id, to, query }: { id: string; to: CampaignStatus; query?: CampaignQuery }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  await moveCampaignStatus(prisma, { campaign, to });
  const updated = await prisma.campaign.findUniqueOrThrow({ ...alsoSelecting(query, announced), where: { id } });
  announceCampaign(ctx.app, 'TRANSITIONED', updated, campaign.status, ctx.viewer.id);
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
  actorId: string | null,
) {
  app.events.publish('campaignUpdated', {
    businessId: campaign.businessId,
    campaignId: campaign.id,
    change,
    previousStatus,
    status: campaign.status,
    actorId,
  });
}
