// GraphQL object types for the small objects stored in Json columns.
import { builder } from './builder.ts';
import { ContentTypeEnum, PlatformEnum } from './enums.ts';

export interface TargetAudienceShape {
  ageRange?: string | null;
  genderFocus?: string | null;
  location?: string | null;
  interests?: string[];
}
export interface ContentPreferencesShape {
  platforms?: string[];
  tone?: string | null;
  postFrequencyPerWeek?: number | null;
}
export interface CalendarEntryShape {
  day: number;
  platform: string;
  contentType: string;
  theme: string;
}
export interface MediaShape {
  imageUrl?: string | null;
  videoUrl?: string | null;
  thumbnailUrl?: string | null;
}

export interface PredictedPerformanceShape {
  score: number;
  confidence: number;
}

export const PredictedPerformance = builder.objectRef<PredictedPerformanceShape>('PredictedPerformance').implement({
  fields: (t) => ({
    score: t.exposeFloat('score', { description: '0 to 100.' }),
    confidence: t.exposeFloat('confidence', { description: '0 to 1.' }),
  }),
});

export const TargetAudience = builder.objectRef<TargetAudienceShape>('TargetAudience').implement({
  fields: (t) => ({
    ageRange: t.string({ nullable: true, resolve: (a) => a.ageRange ?? null }),
    genderFocus: t.string({ nullable: true, resolve: (a) => a.genderFocus ?? null }),
    location: t.string({ nullable: true, resolve: (a) => a.location ?? null }),
    interests: t.stringList({ resolve: (a) => a.interests ?? [] }),
  }),
});

export const ContentPreferences = builder.objectRef<ContentPreferencesShape>('ContentPreferences').implement({
  fields: (t) => ({
    platforms: t.field({ type: [PlatformEnum], resolve: (p) => (p.platforms ?? []) as never }),
    tone: t.string({ nullable: true, resolve: (p) => p.tone ?? null }),
    postFrequencyPerWeek: t.int({ nullable: true, resolve: (p) => p.postFrequencyPerWeek ?? null }),
  }),
});

export const CalendarEntry = builder.objectRef<CalendarEntryShape>('CalendarEntry').implement({
  fields: (t) => ({
    day: t.exposeInt('day'),
    platform: t.field({ type: PlatformEnum, resolve: (e) => e.platform as never }),
    contentType: t.field({ type: ContentTypeEnum, resolve: (e) => e.contentType as never }),
    theme: t.exposeString('theme'),
  }),
});

export const Media = builder.objectRef<MediaShape>('Media').implement({
  fields: (t) => ({
    imageUrl: t.string({ nullable: true, resolve: (m) => m.imageUrl ?? null }),
    videoUrl: t.string({ nullable: true, resolve: (m) => m.videoUrl ?? null }),
    thumbnailUrl: t.string({ nullable: true, resolve: (m) => m.thumbnailUrl ?? null }),
  }),
});

export const TargetAudienceInput = builder.inputType('TargetAudienceInput', {
  fields: (t) => ({
    ageRange: t.string(),
    genderFocus: t.string(),
    location: t.string(),
    interests: t.stringList(),
  }),
});

export const ContentPreferencesInput = builder.inputType('ContentPreferencesInput', {
  fields: (t) => ({
    platforms: t.field({ type: [PlatformEnum] }),
    tone: t.string(),
    postFrequencyPerWeek: t.int(),
  }),
});

export const CalendarEntryInput = builder.inputType('CalendarEntryInput', {
  fields: (t) => ({
    day: t.int({ required: true }),
    platform: t.field({ type: PlatformEnum, required: true }),
    contentType: t.field({ type: ContentTypeEnum, required: true }),
    theme: t.string({ required: true }),
  }),
});

export const MediaInput = builder.inputType('MediaInput', {
  fields: (t) => ({
    imageUrl: t.string(),
    videoUrl: t.string(),
    thumbnailUrl: t.string(),
  }),
});
