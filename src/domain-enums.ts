// Closed sets from the Prisma schema; both generated clients share these values.
export {
  AiCallStatus,
  AiFeature,
  AssetType,
  GenerationStatus,
  CampaignStatus,
  CampaignType,
  ContentStatus,
  ContentType,
  Industry,
  MessageStatus,
  Plan,
  Platform,
  UserRole,
} from './generated/prisma-postgresql/enums.ts';
