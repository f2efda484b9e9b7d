import { liveEvent } from '../realtime/session-guard.ts';
import type { GenerationProgress } from '../realtime/events.ts';
import { followGeneration } from '../modules/campaign/campaign-generation.service.ts';
import type { ToolCall } from './tool.ts';

/**
 * A generation's stage as a number that only grows, as MCP progress must: 0 waiting, 1 planning,
 * 2 writing, then one more per item written, and 3 + items when stored (the total, once known).
 */
export function generationStep({ status, completed, total }: Pick<GenerationProgress, 'status' | 'completed' | 'total'>): { progress: number; total?: number } {
  if (status === 'COMPLETED') return { progress: completed + 3, total: completed + 3 };
  if (status !== 'RUNNING') return { progress: 0 };
  return total === 0 ? { progress: 1 } : { progress: 2 + completed, total: total + 3 };
}

const finished = (status: GenerationProgress['status']) => status === 'COMPLETED' || status === 'FAILED' || status === 'NONE';

/**
 * Reports a campaign's generation to the caller as progress notifications until it completes or
 * fails (or the caller goes away: the generation goes on in the background).
 */
export async function reportGeneration(call: ToolCall, campaignId: string): Promise<void> {
  const iterator = (await followGeneration(call.ctx, campaignId))[Symbol.asyncIterator]();
  const stop = () => void iterator.return?.();
  call.signal.addEventListener('abort', stop, { once: true });
  try {
    let reported = -1;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const event = liveEvent(next.value);
      const step = generationStep(event);
      // A failure ends the count wherever it stood.
      const progress = event.status === 'FAILED' ? reported + 1 : step.progress;
      if (progress > reported) {
        reported = progress;
        await call.progress({ progress, total: step.total, message: event.message });
      }
      if (finished(event.status)) return;
    }
  } finally {
    call.signal.removeEventListener('abort', stop);
    await iterator.return?.();
  }
}
