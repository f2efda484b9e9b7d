import type { ReplyDraft } from '../ai/types.ts';
import type { MessageStatus } from './enums.ts';

/** Below this a draft is not even offered as a suggestion without a person looking first. */
export const LOW_CONFIDENCE = 0.5;

// Checked on the customer's words whatever the provider says: these always go to a person.
const needsAPerson =
  /\b(refund\w*|chargeback\w*|money back|complain\w*|complaint\w*|unacceptable|disgusting|lawyer\w*|attorney\w*|legal|lawsuit\w*|sue|suing|court|injur\w*|hurt|unsafe|danger\w*|allerg\w*|poison\w*|food poisoning|hospital\w*|police|fraud\w*|scam\w*|harass\w*)\b/i;

export function needsHuman(incomingMessage: string): boolean {
  return needsAPerson.test(incomingMessage);
}

/** SENT when sure enough for this business, ESCALATED for sensitive matters or low confidence, else DRAFTED. */
export function replyStatus(draft: ReplyDraft, threshold: number, incomingMessage: string): MessageStatus {
  if (draft.escalate || needsHuman(incomingMessage) || draft.confidence < LOW_CONFIDENCE) return 'ESCALATED';
  if (draft.confidence >= threshold) return 'SENT';
  return 'DRAFTED';
}
