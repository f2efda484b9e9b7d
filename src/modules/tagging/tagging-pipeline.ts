import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { isMissingRow } from '../../db/errors.ts';
import { announceContentStatus } from '../content/content-events.ts';
import { decideTagging } from './tagging-decision.ts';
import { gatherTaggingInputs } from './tagging-inputs.ts';
import { persistTagging } from './tagging-persistence.ts';
import { gatherTaggingSignals } from './tagging-signals.ts';
import { systemActor } from '../../realtime/events.ts';

export interface TaggingOutcome {
  /** False when nothing the pipeline reads had changed since its last run on this content, or the content is gone. */
  ran: boolean;
  categoryId: string | null;
  tags: string[];
}

/**
 * Categorises and tags one content item: gather its inputs → the AI's signals (embeddings,
 * nearest categories and tags, the LLM's choice) → one decision with the business's rules →
 * one transaction → events. A run on unchanged inputs does nothing.
 */
export function runTaggingPipeline(app: AppContext, args: { contentId: string; actorId: string | null }): Promise<TaggingOutcome> {
  // One run at a time per content item in this process: a background run and an on-demand one
  // would otherwise both add the same tags and count them twice.
  const previous = inFlight.get(args.contentId) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => tagContent(app, args));
  inFlight.set(args.contentId, run);
  void run.catch(() => undefined).finally(() => {
    if (inFlight.get(args.contentId) === run) inFlight.delete(args.contentId);
  });
  return run;
}

const inFlight = new Map<string, Promise<TaggingOutcome>>();

/**
 * A content deleted while it is tagged (itself, or in the trash with its campaign or business) fails
 * whichever read or write needed a row that went with it: nothing is left to tag, so the run ends there.
 */
async function tagContent(app: AppContext, args: { contentId: string; actorId: string | null }): Promise<TaggingOutcome> {
  try {
    return await tagExistingContent(app, args);
  } catch (error) {
    if (!isMissingRow(error) || (await prisma.content.count({ where: { id: args.contentId } }))) throw error;
    app.logger.debug({ contentId: args.contentId }, 'tagging skipped: the content was deleted while it ran');
    return { ran: false, categoryId: null, tags: [] };
  }
}

async function tagExistingContent(app: AppContext, { contentId, actorId }: { contentId: string; actorId: string | null }): Promise<TaggingOutcome> {
  const now = app.clock.now();
  const inputs = await gatherTaggingInputs(contentId);
  const { content } = inputs;
  if (inputs.unchanged) return { ran: false, categoryId: content.primaryCategoryId, tags: inputs.currentTags };

  const signals = await gatherTaggingSignals(app, inputs, actorId, now);
  const decision = decideTagging(inputs, signals, now);
  const moved = await persistTagging(app, inputs, decision, now);
  if (moved === 'superseded') return { ran: false, categoryId: content.primaryCategoryId, tags: inputs.currentTags };

  if (moved && decision.statusMove) {
    announceContentStatus(app, content, { previousStatus: content.status, status: decision.statusMove.status, ...systemActor });
  }
  const categoryId = decision.category?.id ?? null;
  app.events.publish('contentTagged', { businessId: content.businessId, campaignId: content.campaignId, contentId, categoryId, tags: decision.tags, actorId });
  return { ran: true, categoryId, tags: decision.tags };
}
