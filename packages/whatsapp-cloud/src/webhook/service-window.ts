/** Length of WhatsApp's customer service window: free-form messages within 24 h of the user's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** State of the customer service window between one business number and one customer. */
export interface ServiceWindowState {
  /** Whether free-form (non-template) messages can be sent now. */
  open: boolean;
  /** When the window closes (or closed); undefined when the customer never wrote. */
  expiresAt: Date | undefined;
  /** Milliseconds left, 0 when closed. */
  remainingMs: number;
}

/**
 * The 24-hour customer service window, from the time of the customer's last inbound message. Outside
 * it only templates can be sent; a free-form send fails with 131047 (`isReEngagementError`).
 *
 * @example
 * ```ts
 * const { open } = serviceWindow(lastInboundAt);
 * if (!open) await client.sendTemplate({ to, name: 'follow_up', language: 'en_US' });
 * ```
 */
export function serviceWindow(lastInboundAt: Date | undefined, now: Date = new Date()): ServiceWindowState {
  if (!lastInboundAt || Number.isNaN(lastInboundAt.getTime())) {
    return { open: false, expiresAt: undefined, remainingMs: 0 };
  }
  const expiresAt = new Date(lastInboundAt.getTime() + SERVICE_WINDOW_MS);
  const remainingMs = Math.max(0, expiresAt.getTime() - now.getTime());
  return { open: remainingMs > 0, expiresAt, remainingMs };
}
