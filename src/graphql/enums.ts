import {
  AiCallStatus,
  AiFeature,
  AssetType,
  CategorySource,
  GenerationStatus,
  CampaignStatus,
  CampaignType,
  ContentStatus,
  ContentType,
  Industry,
  MemberRole,
  MessageStatus,
  Plan,
  Platform,
  RuleType,
  Sentiment,
  SnapshotSource,
  SocialAccountStatus,
  SocialProvider,
  TagType,
  UserRole,
} from '../domain/enums.ts';
import { builder } from './builder.ts';

export const UserRoleEnum = builder.enumType(UserRole, { name: 'UserRole' });
export const MemberRoleEnum = builder.enumType(MemberRole, { name: 'MemberRole' });
export const IndustryEnum = builder.enumType(Industry, { name: 'Industry' });
export const PlanEnum = builder.enumType(Plan, { name: 'Plan' });
export const CampaignTypeEnum = builder.enumType(CampaignType, { name: 'CampaignType' });
export const CampaignStatusEnum = builder.enumType(CampaignStatus, { name: 'CampaignStatus' });
export const PlatformEnum = builder.enumType(Platform, { name: 'Platform' });
export const ContentTypeEnum = builder.enumType(ContentType, { name: 'ContentType' });
export const ContentStatusEnum = builder.enumType(ContentStatus, { name: 'ContentStatus' });
export const AssetTypeEnum = builder.enumType(AssetType, { name: 'AssetType' });
export const MessageStatusEnum = builder.enumType(MessageStatus, { name: 'MessageStatus' });
export const GenerationStatusEnum = builder.enumType(GenerationStatus, { name: 'GenerationStatus' });
export const AiFeatureEnum = builder.enumType(AiFeature, { name: 'AiFeature' });
export const AiCallStatusEnum = builder.enumType(AiCallStatus, { name: 'AiCallStatus' });
export const TagTypeEnum = builder.enumType(TagType, { name: 'TagType' });
export const RuleTypeEnum = builder.enumType(RuleType, { name: 'RuleType' });
export const CategorySourceEnum = builder.enumType(CategorySource, { name: 'CategorySource' });
export const SentimentEnum = builder.enumType(Sentiment, { name: 'Sentiment' });
export const SocialProviderEnum = builder.enumType(SocialProvider, { name: 'SocialProvider' });
export const SocialAccountStatusEnum = builder.enumType(SocialAccountStatus, { name: 'SocialAccountStatus' });
export const SnapshotSourceEnum = builder.enumType(SnapshotSource, { name: 'SnapshotSource' });
