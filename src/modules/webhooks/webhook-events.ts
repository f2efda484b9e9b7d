import { encodeGlobalID } from '@pothos/plugin-relay';
import type { EventActor, EventMap, EventName } from '../../realtime/events.ts';

/** What an endpoint can subscribe to, as sent in a delivery's `type`. */
export const webhookEventTypes = [
  'content.status_changed',
  'content.published',
  'content.failed',
  'analytics.updated',
  'campaign.generated',
  'message.received',
  'message.escalated',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** One message to the endpoints of a business that subscribed to its type. */
export interface WebhookEvent {
  /** The webhook-id: the same on every attempt and redelivery, so a receiver can de-duplicate. */
  webhookId: string;
  type: WebhookEventType;
  businessId: string;
  /** The JSON body, exactly as it is signed and sent. */
  body: string;
}

// Receivers call the API with what they get, so ids are its global IDs, as `node(id:)` takes them.
const id = (typename: string, localId: string) => encodeGlobalID(typename, localId);
const actor = (actorId: string | null) => (actorId ? id('User', actorId) : null);
/** Who made the change: `actorId` stays the person (a key's creator); this names a key when one was used. */
const describeActor = (event: EventActor) =>
  event.actorApiKeyId ? { kind: 'API_KEY', id: id('ApiKey', event.actorApiKeyId) } : event.actorId ? { kind: 'USER', id: id('User', event.actorId) } : { kind: 'SYSTEM', id: null };

type Described = { type: WebhookEventType; data: Record<string, unknown> };

// The bus events that stand for webhook events, and what each sends: ids and the change, not the
// row (read it through the API, as the receiver's key allows).
const fromBus: { [K in EventName]?: (event: EventMap[K]) => Described[] } = {
  contentStatusChanged: (event) => {
    const data = {
      businessId: id('Business', event.businessId),
      campaignId: id('Campaign', event.campaignId),
      contentId: id('Content', event.contentId),
      previousStatus: event.previousStatus,
      status: event.status,
      actorId: actor(event.actorId), actor: describeActor(event),
    };
    const described: Described[] = [{ type: 'content.status_changed', data }];
    if (event.status === 'PUBLISHED') described.push({ type: 'content.published', data });
    if (event.status === 'FAILED') described.push({ type: 'content.failed', data });
    return described;
  },
  analyticsUpdated: (event) => [
    {
      type: 'analytics.updated',
      data: {
        businessId: id('Business', event.businessId),
        campaignId: id('Campaign', event.campaignId),
        contentId: id('Content', event.contentId),
        snapshotId: id('AnalyticsSnapshot', event.snapshotId),
        actorId: actor(event.actorId), actor: describeActor(event),
      },
    },
  ],
  generationProgress: (event) =>
    event.status === 'COMPLETED'
      ? [{ type: 'campaign.generated', data: { businessId: id('Business', event.businessId), campaignId: id('Campaign', event.campaignId), contentCount: event.total, actorId: actor(event.actorId), actor: describeActor(event) } }]
      : [],
  messageReceived: (event) => {
    const data = { businessId: id('Business', event.businessId), messageId: id('Message', event.messageId), status: event.status, actorId: actor(event.actorId), actor: describeActor(event) };
    const described: Described[] = [{ type: 'message.received', data }];
    if (event.status === 'ESCALATED') described.push({ type: 'message.escalated', data });
    return described;
  },
};

/** The webhook messages a published bus event stands for (none for most). */
export function webhookEventsOf<K extends EventName>(name: K, event: EventMap[K]): WebhookEvent[] {
  const describe = fromBus[name] as ((event: EventMap[K]) => Described[]) | undefined;
  if (!describe) return [];
  return describe(event).map(({ type, data }) => ({
    // One bus event can be two messages (a status change that is also a publication): each its own id.
    webhookId: `msg_${event.eventId}_${type.replace('.', '_')}`,
    type,
    businessId: event.businessId,
    body: JSON.stringify({ type, timestamp: event.changedAt, data }),
  }));
}
