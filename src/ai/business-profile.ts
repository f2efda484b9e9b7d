import type { Business } from '../generated/prisma-postgresql/client.ts';
import type { BusinessProfile } from './types.ts';

export const businessProfileOf = (business: Business): BusinessProfile => ({
  name: business.name,
  industry: business.industry,
  description: business.description,
  brandVoice: business.brandVoice,
  targetAudience: business.targetAudience,
  contentPreferences: business.contentPreferences,
});
