import type { Viewer } from '../auth/viewer.ts';
import type { CampaignStatus, ContentStatus, GenerationStatus, MemberRole, MessageStatus } from '../domain/enums.ts';

// What the event bus carries: ids only, so subscribers re-read rows through their own tenancy
// rules, and events stay small on Redis.

/** Who caused an event: a person, an API key (acting for its creator), or the system (both null). */
export interface EventActor {
  /** The user whose request caused it (for a key, the key's creator); null for the system. */
  actorId: string | null;
  /** The API key the request was made with; absent when a person or the system acted. */
  actorApiKeyId?: string | null;
}

export const systemActor: EventActor = { actorId: null };

export function actorOf(viewer: Viewer): EventActor {
  return viewer.apiKey ? { actorId: viewer.id, actorApiKeyId: viewer.apiKey.id } : { actorId: viewer.id };
}

interface EventBase extends EventActor {
  /** Unique per event, so clients can de-duplicate. */
  eventId: string;
  businessId: string;
  /** ISO time of the change. */
  changedAt: string;
}

export interface ContentStatusChanged extends EventBase {
  campaignId: string;
  contentId: string;
  previousStatus: ContentStatus | null;
  status: ContentStatus;
}

export interface AnalyticsUpdated extends EventBase {
  campaignId: string;
  contentId: string;
  snapshotId: string;
}

export type CampaignChange = 'CREATED' | 'UPDATED' | 'TRANSITIONED';

export interface CampaignUpdated extends EventBase {
  campaignId: string;
  change: CampaignChange;
  previousStatus: CampaignStatus | null;
  status: CampaignStatus;
}

export interface GenerationProgress extends EventBase {
  campaignId: string;
  status: GenerationStatus;
  /** Content items written so far, of `total` (0 until the plan is ready). */
  completed: number;
  total: number;
  message: string;
}

export interface ContentTagged extends EventBase {
  campaignId: string;
  contentId: string;
  categoryId: string | null;
  tags: string[];
}

/** A campaign got its primary category and tags (on creation or a goal change). */
export interface CampaignTagged extends EventBase {
  campaignId: string;
  categoryId: string | null;
  tags: string[];
}

/** Content moved to REVIEW: approvers are asked to look at it. */
export interface ReviewRequested extends EventBase {
  campaignId: string;
  contentId: string;
}

/**
 * A member's role changed, or (role null) they left or were removed: their subscriptions re-check.
 * With an apiKeyId, only that key's subscriptions are concerned (role null: it was revoked).
 */
export interface MembershipChanged extends EventBase {
  userId: string;
  role: MemberRole | null;
  apiKeyId?: string;
}

/** A customer message was received, and a reply drafted when one could be: `status` is where it ended up. */
export interface MessageReceived extends EventBase {
  messageId: string;
  status: MessageStatus;
}

/** A content's or campaign's engagement rate fell far outside its business's usual range after a new reading. */
export interface AnalyticsAnomaly extends EventBase {
  kind: 'CONTENT' | 'CAMPAIGN';
  campaignId: string;
  /** Absent for a campaign. */
  contentId?: string;
  engagementRate: number;
  median: number;
  /** Modified z-score: 0.6745 × (rate − median) / MAD; beyond ±3.5 is an anomaly. */
  score: number;
}

export interface EventMap {
  contentStatusChanged: ContentStatusChanged;
  reviewRequested: ReviewRequested;
  membershipChanged: MembershipChanged;
  analyticsUpdated: AnalyticsUpdated;
  analyticsAnomaly: AnalyticsAnomaly;
  campaignUpdated: CampaignUpdated;
  generationProgress: GenerationProgress;
  contentTagged: ContentTagged;
  campaignTagged: CampaignTagged;
  messageReceived: MessageReceived;
}

export type EventName = keyof EventMap;
