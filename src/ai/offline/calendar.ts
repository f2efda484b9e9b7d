import type { Platform } from '../../domain/enums.ts';
import { platformContentTypes } from '../../domain/platforms.ts';
import { calendarLength, campaignPlatforms, postsPerWeek } from '../prompts.ts';
import type { CalendarEntry, CampaignPlanRequest } from '../types.ts';
import { type Phase, phasesFor, topicVars } from './arcs.ts';
import type { Brief } from './brief.ts';
import type { Random } from './random.ts';
import { clip, fill } from './text.ts';

/**
 * round(durationDays / 7 × posts per week) entries (at least 1), spread evenly from day 1 to the
 * last day, platforms in turn, each platform cycling through its formats, themes following the
 * campaign type's arc.
 */
export function planCalendar(request: CampaignPlanRequest, brief: Brief, random: Random): CalendarEntry[] {
  const durationDays = Math.max(1, Math.floor(request.durationDays));
  const count = calendarLength(durationDays, postsPerWeek(request));
  const platforms = campaignPlatforms(request);
  const vars = topicVars(brief);
  const formatTurns = new Map<Platform, number>();
  const topicTurns = new Map<Phase, number>();

  return phasesFor(request.campaignType, count).map((phase, i) => {
    const platform = platforms[i % platforms.length];
    const formats = platformContentTypes[platform];
    const formatTurn = formatTurns.get(platform) ?? random.int(formats.length);
    formatTurns.set(platform, formatTurn + 1);
    const topicTurn = topicTurns.get(phase) ?? random.int(phase.topics.length);
    topicTurns.set(phase, topicTurn + 1);
    return {
      day: count === 1 ? 1 : 1 + Math.round((i * (durationDays - 1)) / (count - 1)),
      platform,
      contentType: formats[formatTurn % formats.length],
      theme: clip(`${phase.label}: ${fill(phase.topics[topicTurn % phase.topics.length], vars)}`, 500),
    };
  });
}
