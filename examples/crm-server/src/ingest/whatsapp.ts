import { type CommsLog, CommsLogError, type MessageStatus, type RecordInput } from '@pbxkit/comms-log';
import type { InboundMessage, WebhookEvent } from '@pbxkit/whatsapp-cloud';

/** Counters for /status. */
export interface WhatsAppIngestStats {
  messages: number;
  statuses: number;
  skipped: number;
}

/** A one-line text for any inbound message type (the Inbox and timeline show it). */
export function describeMessage(m: InboundMessage): string {
  switch (m.type) {
    case 'text':
      return m.body;
    case 'location':
      return `[location] ${m.latitude}, ${m.longitude}`;
    default:
      if ('media' in m && m.media) return `[${m.type}]${m.media.caption ? ` ${m.media.caption}` : ''}`;
      return `[${m.type}]`;
  }
}

const STATUS: Record<string, MessageStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

/** The comms-log input of one webhook event (undefined for kinds the log does not keep). */
export function whatsappEntry(event: WebhookEvent): RecordInput | undefined {
  if (event.kind !== 'message' && event.kind !== 'status') return undefined;
  const c = event.contact;
  const counterpart = {
    ...(c.waId ? { waId: c.waId, phone: `+${c.waId}` } : {}),
    ...(c.userId ? { bsuid: c.userId } : {}),
    ...(c.profileName ? { name: c.profileName } : {}),
  };
  const data = { phoneNumberId: event.phoneNumberId };
  if (event.kind === 'message') {
    return {
      source: 'whatsapp',
      externalId: event.wamid,
      channel: 'whatsapp',
      direction: 'inbound',
      occurredAt: event.timestamp,
      counterpart,
      body: describeMessage(event.message),
      status: 'received',
      data: { ...data, type: event.message.type },
    };
  }
  const status = STATUS[event.status] ?? 'sent';
  const error = event.errors[0];
  return {
    source: 'whatsapp',
    externalId: event.wamid,
    channel: 'whatsapp',
    direction: 'outbound',
    occurredAt: event.timestamp,
    counterpart,
    status,
    ...(error
      ? { error: { code: String(error.code), message: error.title ?? error.message ?? 'failed' } }
      : {}),
    data: { ...data, [`${status}At`]: event.timestamp },
  };
}

/**
 * The webhook's `onEvents`: each message or status is upserted by wamid before it resolves, so the
 * plugin answers 200 only after the writes are durable (a store error rejects: 500, Meta redelivers).
 * A status that arrives before our own send write creates the entry; the send then fills the body.
 * A delivery's writes start together, so the log coalesces them into batches (one commit for many
 * statuses); the events of one wamid still apply in delivery order.
 */
export function whatsappIngest(log: CommsLog, onError: (e: unknown, what: string) => void) {
  const stats: WhatsAppIngestStats = { messages: 0, statuses: 0, skipped: 0 };
  const write = async (event: WebhookEvent): Promise<void> => {
    const input = whatsappEntry(event);
    if (!input) {
      stats.skipped++;
      return;
    }
    try {
      await log.record(input);
      if (event.kind === 'message') stats.messages++;
      else stats.statuses++;
    } catch (error) {
      // Bad data can never become good by redelivery: keep it out of the log and answer 200.
      if (CommsLogError.isInstance(error) && error.code === 'VALIDATION') {
        stats.skipped++;
        onError(error, `whatsapp ${event.kind}`);
        return;
      }
      throw error;
    }
  };
  const onEvents = async (events: WebhookEvent[]): Promise<void> => {
    const failed = (await Promise.allSettled(events.map(write))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  return { stats, onEvents };
}
