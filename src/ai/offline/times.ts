import type { Industry, Platform } from '../../domain/enums.ts';

const MAX_TIMES = 6;

/** Common engagement peaks per platform, best first (local time). */
const platformTimes: Readonly<Record<Platform, readonly string[]>> = {
  INSTAGRAM: ['19:00', '12:00', '07:30'],
  FACEBOOK: ['13:00', '19:30', '09:00'],
  LINKEDIN: ['08:00', '12:00', '17:30'],
  TWITTER: ['12:30', '08:30', '17:00'],
  TIKTOK: ['19:00', '21:00', '12:00'],
  YOUTUBE: ['18:00', '15:00', '20:00'],
  EMAIL: ['10:00', '14:00'],
  SMS: ['17:30', '11:00'],
};

/** When the industry's customers are most receptive (meal times, before and after work, ...). */
const industryTimes: Readonly<Record<Industry, readonly string[]>> = {
  FOOD: ['11:30', '17:30'],
  FITNESS: ['06:30', '18:00'],
  RETAIL: ['12:30', '20:00'],
  TECHNOLOGY: ['09:00', '14:00'],
  HEALTHCARE: ['08:00', '13:00'],
  EDUCATION: ['16:00', '20:00'],
  TRAVEL: ['20:00', '12:00'],
  FINANCE: ['07:30', '12:00'],
  OTHER: ['12:00', '18:00'],
};

/**
 * The industry's best slot, then the platforms' best, second best, ... in turn; evening slots
 * move an hour later for audiences starting under 25 and an hour earlier for 45+. At most six, sorted.
 */
export function optimalTimes(platforms: readonly Platform[], industry: Industry, youngestAge: number | null): string[] {
  const shift = youngestAge === null ? 0 : youngestAge < 25 ? 60 : youngestAge >= 45 ? -60 : 0;
  const [best, ...otherIndustry] = industryTimes[industry] ?? industryTimes.OTHER;
  const byRank = [0, 1, 2].flatMap((rank) => platforms.map((platform) => platformTimes[platform][rank]).filter(Boolean));
  const times = [best, ...byRank, ...otherIndustry].map((time) =>
    toMinutes(time) >= 17 * 60 ? fromMinutes(toMinutes(time) + shift) : time,
  );
  return [...new Set(times)].slice(0, MAX_TIMES).sort();
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

function fromMinutes(minutes: number): string {
  const clamped = Math.min(23 * 60 + 30, Math.max(0, minutes));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}
