import type { WebhookEmitter } from './webhook-emitter.js';

/** A template the fake knows, with its approval status and parameters. */
export interface FakeTemplate {
  /** Template name. */
  name: string;
  /** Language code. */
  language: string;
  /** Approval status; `PAUSED` → 132015, `DISABLED` → 132016, anything but `APPROVED` → 132001. @defaultValue `'APPROVED'` */
  status?: 'APPROVED' | 'PAUSED' | 'DISABLED' | 'PENDING' | 'REJECTED';
  /** `marketing`, `utility` or `authentication` (used in status pricing). @defaultValue `'utility'` */
  category?: string;
  /** Template pacing: sends answer `message_status: 'held_for_quality_assessment'`. @defaultValue false */
  paced?: boolean;
  /** Body parameters: a count for positional templates, or the names of a named template. @defaultValue `0` */
  bodyParameters?: number | string[];
}

/** What happens to messages sent to one recipient. */
export interface FakeRecipient {
  /** Fail every send asynchronously with a `failed` status carrying this code (131026, 131049, 130472…). */
  failWith?: number;
  /** Reject sends synchronously with this Graph error code. */
  rejectWith?: number;
  /** Stop the lifecycle at this status. @defaultValue `'read'` (`'played'` for voice notes) */
  stopAt?: 'sent' | 'delivered' | 'read';
  /** Skip `delivered` when `read` comes (Meta does when both happen at once). */
  skipDelivered?: boolean;
  /** Deliver the statuses in reverse order, all at once. */
  outOfOrder?: boolean;
}

/** A message the fake accepted. */
export interface FakeSentMessage {
  /** wamid returned. */
  wamid: string;
  /** Business number. */
  phoneNumberId: string;
  /** `to` as sent. */
  to: string;
  /** Resolved wa_id. */
  waId: string;
  /** Message type. */
  type: string;
  /** Request body. */
  body: Record<string, unknown>;
  /** Fake-clock time accepted. */
  at: number;
  /** Statuses emitted so far. */
  statuses: string[];
}

/** A stored media file. */
export interface FakeMedia {
  /** Media id. */
  id: string;
  /** Bytes. */
  data: Uint8Array;
  /** MIME type. */
  mimeType: string;
  /** Hex sha256. */
  sha256: string;
  /** Fake-clock time stored. */
  at: number;
  /** Business number that owns it. */
  phoneNumberId: string;
}

/** One Graph request the fake received. */
export interface FakeRequestRecord {
  /** HTTP method. */
  method: string;
  /** Path and query. */
  path: string;
  /** Request headers (lowercase names). */
  headers: Record<string, string>;
  /** JSON body, when there was one. */
  body: unknown;
  /** Status answered. */
  status: number;
  /** Body answered. */
  response: unknown;
}

/** A scripted failure for the next matching Graph calls. */
export interface FakeFault {
  /** Which calls: `messages`, `media`, or any. @defaultValue any */
  route?: 'messages' | 'media';
  /** Graph error code to answer with. */
  code?: number;
  /** HTTP status. @defaultValue 400 (500 for codes 1 and 2) */
  httpStatus?: number;
  /** `Retry-After` seconds to send. */
  retryAfterSeconds?: number;
  /** Fail at the transport level instead (connection refused: nothing reached the fake). */
  network?: boolean;
  /** Answer 200 with a truncated JSON body (a broken proxy, a cut connection). */
  malformed?: boolean;
  /** Delay the answer by this many real milliseconds (alone: a slow but normal answer). */
  latencyMs?: number;
  /** How many calls it applies to. @defaultValue 1 */
  times?: number;
}

/** The business number a fake serves. */
export interface FakePhoneNumber {
  /** Phone number id. */
  id: string;
  /** Display number (digits). */
  displayPhoneNumber: string;
}

/** Shared mutable state of the fake; routes and the inbound API work on it. */
export interface FakeState {
  random: () => number;
  now: () => number;
  tokens: Set<string>;
  expiredTokens: Set<string>;
  phoneNumbers: Map<string, FakePhoneNumber>;
  templates: FakeTemplate[];
  recipients: Map<string, FakeRecipient>;
  sent: Map<string, FakeSentMessage>;
  inboundIds: Set<string>;
  lastInbound: Map<string, number>;
  media: Map<string, FakeMedia>;
  mediaUrls: Map<string, { mediaId: string; expiresAt: number }>;
  requests: FakeRequestRecord[];
  faults: FakeFault[];
  sendTimes: Map<string, number[]>;
  emitter: WebhookEmitter;
  settings: {
    enforceServiceWindow: boolean;
    throughputPerSecond: number;
    pairLimit: { messages: number; perMs: number } | false;
    statusDelaysMs: { sent: number; delivered: number; read: number; played: number };
    webhookShape: 'v24' | 'pre-v24';
    publicUrl: () => string;
  };
}

/** Key of a (business number, user) pair. */
export const pairKey = (phoneNumberId: string, waId: string) => `${phoneNumberId}:${waId}`;
