import type { ContentStatus, ContentType, Platform } from './enums.ts';

// The shapes stored in Json columns, declared once. prisma-json-types-generator types the
// generated clients' Json fields with them (see the `/// [Name]` comments in models.prisma), so
// reads and writes are checked without casts.

export interface TargetAudience {
  ageRange?: string | null;
  genderFocus?: string | null;
  location?: string | null;
  interests?: string[];
}

export interface ContentPreferences {
  platforms?: Platform[];
  tone?: string | null;
  postFrequencyPerWeek?: number | null;
}

export interface CalendarEntry {
  day: number;
  platform: Platform;
  contentType: ContentType;
  theme: string;
}

export interface Media {
  imageUrl?: string | null;
  videoUrl?: string | null;
  thumbnailUrl?: string | null;
}

export interface AiMetadata {
  model?: string | null;
  tokensUsed?: number | null;
  generationTimeMs?: number | null;
}

export interface PredictedPerformance {
  /** 0 to 100. */
  score: number;
  /** 0 to 1. */
  confidence: number;
  predictedAt?: string;
}

export interface Attribution {
  directConversions?: number;
  assistedConversions?: number;
  revenueGenerated?: number | null;
  costPerAcquisition?: number | null;
  roiPercentage?: number | null;
}

/** Free-form, bounded in size when written. */
export type JsonObject = { [key: string]: unknown };

export interface RuleConditions {
  match: 'ALL' | 'ANY';
  platforms?: Platform[] | null;
  contentTypes?: ContentType[] | null;
  /** Words or phrases in the title or caption, case-insensitive, whole words. */
  keywords?: string[] | null;
  hashtags?: string[] | null;
}

export interface RuleActions {
  /** A category name. */
  setCategory?: string | null;
  addTags?: string[] | null;
  setStatus?: ContentStatus | null;
}

declare global {
  namespace PrismaJson {
    type TargetAudienceJson = TargetAudience;
    type ContentPreferencesJson = ContentPreferences;
    type CalendarJson = CalendarEntry[];
    type PlatformsJson = Platform[];
    /** Times of day as "HH:MM". */
    type TimesOfDayJson = string[];
    /** Without the leading '#' or '@', or tag names, or category keywords. */
    type StringsJson = string[];
    type MediaJson = Media;
    type AiMetadataJson = AiMetadata;
    type PredictedPerformanceJson = PredictedPerformance;
    type AttributionJson = Attribution;
    type ObjectJson = JsonObject;
    type RuleConditionsJson = RuleConditions;
    type RuleActionsJson = RuleActions;
    type VectorJson = number[];
    /** Field name → its value before and after the change (null when absent). */
    type AuditChangesJson = Record<string, { before: unknown; after: unknown }>;
    /** Trashed rows by model, parents first; values as src/modules/trash/trash-rows.ts encodes them. */
    type TrashRowsJson = { model: string; rows: JsonObject[]; relink?: string }[];
  }
}
