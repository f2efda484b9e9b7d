import type { MemberRole } from '../domain/enums.ts';
import { campaignTransitions, contentTransitions } from '../domain/lifecycles.ts';
import type { Business, Campaign, Content, Message } from '../generated/prisma-postgresql/client.ts';
import { globalId } from '../graphql/ids.ts';
import type { Page } from '../db/cursor-scope.ts';
import type { CampaignCostBreakdown } from '../modules/campaign/campaign-cost.service.ts';

// What tools and resources answer with: rows as plain JSON, every id the global ID GraphQL gives
// the same row (an agent may mix both APIs), the fields GraphQL exposes and nothing it hides.

export const businessView = (business: Business & { viewerRole?: MemberRole }) => ({
  id: globalId('Business', business.id),
  name: business.name,
  industry: business.industry,
  description: business.description,
  targetAudience: business.targetAudience,
  brandVoice: business.brandVoice,
  contentPreferences: business.contentPreferences,
  plan: business.plan,
  autoReplyThreshold: business.autoReplyThreshold,
  requireApproval: business.requireApproval,
  ...(business.viewerRole ? { viewerRole: business.viewerRole } : {}),
  createdAt: business.createdAt,
  updatedAt: business.updatedAt,
});

/** A campaign in a list: without its plan, which may run to a thousand calendar entries. */
export const campaignSummaryView = (campaign: Campaign) => ({
  id: globalId('Campaign', campaign.id),
  businessId: globalId('Business', campaign.businessId),
  name: campaign.name,
  goal: campaign.goal,
  campaignType: campaign.campaignType,
  status: campaign.status,
  allowedTransitions: campaignTransitions[campaign.status],
  durationDays: campaign.durationDays,
  startDate: campaign.startDate,
  endDate: campaign.endDate,
  targetPlatforms: campaign.targetPlatforms,
  generationStatus: campaign.generationStatus,
  generationError: campaign.generationError,
  createdAt: campaign.createdAt,
  updatedAt: campaign.updatedAt,
});

/** A campaign with its plan and what it has cost (AI spend, posting costs and adjustments). */
export const campaignView = (campaign: Campaign & { contentCount?: number }, cost: CampaignCostBreakdown) => ({
  ...campaignSummaryView(campaign),
  strategySummary: campaign.strategySummary,
  contentCalendar: campaign.contentCalendar,
  contentStyle: campaign.contentStyle,
  visualStyle: campaign.visualStyle,
  hashtagStrategy: campaign.hashtagStrategy,
  ctaPattern: campaign.ctaPattern,
  estimatedCost: campaign.estimatedCost,
  actualCost: cost.totalUsd,
  costBreakdown: cost,
  postingFrequency: campaign.postingFrequency,
  optimalTimes: campaign.optimalTimes,
  ...(campaign.contentCount !== undefined ? { contentCount: campaign.contentCount } : {}),
});

type ContentWithLabels = Content & {
  primaryCategory?: { id: string; name: string } | null;
  tags?: { tag: { name: string } }[];
};

export const contentView = (content: ContentWithLabels) => ({
  id: globalId('Content', content.id),
  campaignId: globalId('Campaign', content.campaignId),
  businessId: globalId('Business', content.businessId),
  day: content.day,
  platform: content.platform,
  contentType: content.contentType,
  title: content.title,
  caption: content.caption,
  hashtags: content.hashtags,
  mentions: content.mentions,
  media: content.media,
  script: content.script,
  status: content.status,
  allowedTransitions: contentTransitions[content.status],
  scheduledAt: content.scheduledAt,
  publishedAt: content.publishedAt,
  postUrl: content.postUrl,
  errorMessage: content.errorMessage,
  predictedPerformance: content.predictedPerformance,
  ...(content.primaryCategory !== undefined
    ? { primaryCategory: content.primaryCategory && { id: globalId('Category', content.primaryCategory.id), name: content.primaryCategory.name } }
    : {}),
  categoryConfidence: content.categoryConfidence,
  categorySource: content.categorySource,
  sentiment: content.sentiment,
  qualityScore: content.qualityScore,
  ...(content.tags ? { tags: content.tags.map((link) => link.tag.name) } : {}),
  taggedAt: content.taggedAt,
  approvedAt: content.approvedAt,
  approvalComment: content.approvalComment,
  revisionCount: content.revisionCount,
  aiMetadata: content.aiMetadata,
  createdAt: content.createdAt,
  updatedAt: content.updatedAt,
});

export const messageView = (message: Message) => ({
  id: globalId('Message', message.id),
  businessId: globalId('Business', message.businessId),
  platform: message.platform,
  senderHandle: message.senderHandle,
  incomingMessage: message.incomingMessage,
  generatedReply: message.generatedReply,
  confidenceScore: message.confidenceScore,
  status: message.status,
  createdAt: message.createdAt,
  updatedAt: message.updatedAt,
});

/** A page of a list: its items, and the cursor to pass as `after` for the next one (null on the last). */
export const pageView = <Row, View>(page: Page<Row & { id: string }>, typename: string, view: (row: Row & { id: string }) => View) => ({
  items: page.items.map(view),
  nextCursor: page.nextCursor && globalId(typename, page.nextCursor),
});
