/**
 * Shapes the server sends to the browser, shared with the UI (`web/app` imports these types). No imports here:
 * the UI type-checks this file with browser settings.
 */

/** What the browser receives over `/api/events` (SSE `event:` names). */
export type LiveEvent =
  | { type: 'screenPop'; data: ScreenPop }
  | { type: 'call'; data: { phase: 'answered' | 'ended'; callId: string; pbx: string; extension?: string } }
  | {
      type: 'entry';
      data: { kind: 'recorded' | 'updated' | 'relinked'; ids: string[]; customerIds: string[] };
    }
  | { type: 'customer'; data: { ids: string[] } };

/** A screen pop: who calls, who they are, which extensions ring. */
export interface ScreenPop {
  callId: string;
  pbx: string;
  source: 'asterisk' | 'yeastar';
  direction: string;
  number: string;
  e164?: string;
  callerName?: string;
  lookup: string;
  customer?: { id: string; name: string; company?: string };
  extensions: string[];
  at: string;
}

/** A CRM customer. Phones are E.164; WhatsApp ids are wa_id digits (a separate handle kind). */
export interface Customer {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phones: string[];
  waIds: string[];
  /** Dates arrive as ISO strings over JSON. */
  createdAt: Date | string;
  updatedAt: Date | string;
}
