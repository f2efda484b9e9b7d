import type { McpTool } from './tool.ts';
import { aiUsageTools } from './tools/ai-usage.ts';
import { businessTools } from './tools/businesses.ts';
import { campaignTools } from './tools/campaigns.ts';
import { contentTools } from './tools/content.ts';
import { messageTools } from './tools/messages.ts';

/** Every tool the MCP server offers, in the order tools/list gives them. */
export const tools: readonly McpTool[] = [...businessTools, ...campaignTools, ...contentTools, ...messageTools, ...aiUsageTools];
