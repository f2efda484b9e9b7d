import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import './errors.ts';
import '../modules/auth/user.schema.ts';
import '../modules/auth/auth.schema.ts';
import '../modules/business/business.schema.ts';
import '../modules/campaign/campaign.schema.ts';
import '../modules/content/content.schema.ts';
import '../modules/analytics/analytics.schema.ts';
import '../modules/message/message.schema.ts';
import '../modules/campaign/campaign-generation.schema.ts';
import '../modules/content/content-generation.schema.ts';
import '../modules/ai-log/ai-log.schema.ts';
import '../modules/campaign/campaign.subscriptions.ts';
import '../modules/content/content.subscriptions.ts';
import '../modules/analytics/analytics.subscriptions.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
