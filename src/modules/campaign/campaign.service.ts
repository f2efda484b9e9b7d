import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { type CampaignStatus, CampaignType, ContentType, Platform } from '../../domain/enums.ts';
import { InvalidTransitionError, ValidationError } from '../../domain/errors.ts';
import type { Viewer } from '../../graphql/context.ts';
import { limits, optionalText, parseInput, text } from '../../domain/fields.ts';
import { publishEvent } from '../../realtime/bus.ts';
import type { CampaignChange } from '../../realtime/events.ts';
import { findOwnedBusiness, findOwnedCampaign, requireViewer } from '../../auth/tenancy.ts';
import { campaignTransitions } from './campaign.lifecycle.ts';

const DAY_MS = 86_400_000;
const MAX_DURATION_DAYS = 365;

const calendarEntry = z.object({
  day: z.number().int().min(1, 'Must be at least 1').max(MAX_DURATION_DAYS),
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  theme: text(limits.shortText),
});

const campaignFields = {
  name: text(limits.name),
  goal: text(limits.longText),
  campaignType: z.enum(CampaignType),
  durationDays: z.number().int().min(1, 'Must be at least 1 day').max(MAX_DURATION_DAYS, `Must be at most ${MAX_DURATION_DAYS} days`),
  strategySummary: optionalText(limits.longText),
  contentCalendar: z.array(calendarEntry).max(1_000),
  targetPlatforms: z.array(z.enum(Platform)).max(8).transform((list) => [...new Set(list)]),
  contentStyle: optionalText(limits.shortText),
  visualStyle: optionalText(limits.shortText),
  hashtagStrategy: optionalText(limits.shortText),
  ctaPattern: optionalText(limits.shortText),
  estimatedCost: z.number().min(0, 'Must not be negative').max(1e9).nullish(),
  startDate: z.date().nullish(),
  postingFrequency: z.number().int().min(0, 'Must not be negative').max(100, 'Must be at most 100').nullish(),
  optimalTimes: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day as HH:MM')).max(24),
};

// Defaults only on create: on update (zod's partial keeps defaults) an omitted list must stay as it is.
const createCampaignInput = z.object({
  ...campaignFields,
  contentCalendar: campaignFields.contentCalendar.default([]),
  targetPlatforms: campaignFields.targetPlatforms.default([]),
  optimalTimes: campaignFields.optimalTimes.default([]),
});
const updateCampaignInput = z
  .object({ ...campaignFields, actualCost: z.number().min(0, 'Must not be negative').max(1e9).nullish() })
  .partial();

/** What the API layer asks to load along with the row (Pothos' include tree). */
type CampaignQuery = Pick<Prisma.CampaignDefaultArgs, 'include' | 'select'>;

type CalendarEntry = z.infer<typeof calendarEntry>;

function checkCalendarFits(calendar: CalendarEntry[] | undefined, durationDays: number) {
  const errors = (calendar ?? []).flatMap((entry, index) =>
    entry.day > durationDays
      ? [{ path: ['input', 'contentCalendar', String(index), 'day'], message: `Must be within the campaign's ${durationDays} days` }]
      : [],
  );
  if (errors.length) throw new ValidationError(errors);
}

const endDateOf = (startDate: Date | null | undefined, durationDays: number) =>
  startDate ? new Date(startDate.getTime() + durationDays * DAY_MS) : null;

export async function createCampaign({
  viewer,
  businessId,
  input,
  query,
}: { viewer: Viewer | null; businessId: string; input: unknown; query?: CampaignQuery }) {
  const creator = requireViewer(viewer);
  const data = parseInput(createCampaignInput, input);
  checkCalendarFits(data.contentCalendar, data.durationDays);
  await findOwnedBusiness(viewer, businessId);
  const campaign = await prisma.campaign.create({
    ...query,
    data: { ...data, businessId, createdById: creator.id, endDate: endDateOf(data.startDate, data.durationDays) },
  });
  announce('CREATED', campaign, null, creator.id);
  return campaign;
}

export async function updateCampaign({
  viewer,
  id,
  input,
  query,
}: { viewer: Viewer | null; id: string; input: unknown; query?: CampaignQuery }) {
  const data = parseInput(updateCampaignInput, input);
  const campaign = await findOwnedCampaign(viewer, id);
  const durationDays = data.durationDays ?? campaign.durationDays;
  checkCalendarFits(data.contentCalendar ?? (campaign.contentCalendar as CalendarEntry[]), durationDays);
  const startDate = data.startDate === undefined ? campaign.startDate : data.startDate;
  const updated = await prisma.campaign.update({
    ...query,
    where: { id },
    data: { ...data, endDate: endDateOf(startDate, durationDays) },
  });
  announce('UPDATED', updated, campaign.status, requireViewer(viewer).id);
  return updated;
}

export async function transitionCampaign({
  viewer,
  id,
  to,
  query,
}: { viewer: Viewer | null; id: string; to: CampaignStatus; query?: CampaignQuery }) {
  const campaign = await findOwnedCampaign(viewer, id);
  const allowed = campaignTransitions[campaign.status];
  if (!allowed.includes(to)) throw new InvalidTransitionError('Campaign', campaign.status, to, allowed);
  // Conditional on the status we checked, so two racing transitions cannot both apply.
  const { count } = await prisma.campaign.updateMany({ where: { id, status: campaign.status }, data: { status: to } });
  if (count === 0) {
    throw new InvalidTransitionError('Campaign', campaign.status, to, allowed, 'The campaign changed meanwhile; reload and retry');
  }
  const updated = await prisma.campaign.findUniqueOrThrow({ ...query, where: { id } });
  announce('TRANSITIONED', updated, campaign.status, requireViewer(viewer).id);
  return updated;
}

function announce(
  change: CampaignChange,
  campaign: { id: string; businessId: string; status: CampaignStatus },
  previousStatus: CampaignStatus | null,
  actorId: string,
) {
  publishEvent('campaignUpdated', {
    businessId: campaign.businessId,
    campaignId: campaign.id,
    change,
    previousStatus,
    status: campaign.status,
    actorId,
  });
}

