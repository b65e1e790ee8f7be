import type { FakePhoneNumber, FakeTemplate } from './fake-state.js';
import type { WebhookTarget } from './webhook-emitter.js';

/** The fake's clock. */
export interface FakeClock {
  /** Current fake time (ms since epoch). */
  now(): number;
  /** Moves time forward and delivers the webhooks that fall due. */
  advance(ms: number): Promise<void>;
}

/** Options of {@link FakeGraphApi}. */
export interface FakeGraphApiOptions {
  /** Access tokens the fake accepts. @defaultValue `['test-access-token']` */
  accessTokens?: string[];
  /** App secret used to sign webhooks. @defaultValue `'test-app-secret'` */
  appSecret?: string;
  /** Verify token used for the GET handshake. @defaultValue `'test-verify-token'` */
  verifyToken?: string;
  /** Webhook callback(s): URLs, or in-process fetch-style handlers. */
  callback?: WebhookTarget | WebhookTarget[];
  /** WhatsApp Business Account id. @defaultValue `'102290129340398'` */
  wabaId?: string;
  /** Business numbers served. @defaultValue one: `106540352242922` / `15550783881` */
  phoneNumbers?: FakePhoneNumber[];
  /** Approved (or paused, disabled…) templates. @defaultValue `hello_world` (en_US, no parameters) */
  templates?: FakeTemplate[];
  /** Status webhook shape: `v24` (no conversation, PMP pricing) or `pre-v24`. @defaultValue `'v24'` */
  webhookShape?: 'v24' | 'pre-v24';
  /** Delays of the status lifecycle after a send, in fake-clock ms. @defaultValue `{ sent: 0, delivered: 1000, read: 3000, played: 5000 }` */
  statusDelaysMs?: {
    /** After the send. */
    sent?: number;
    /** After the send. */
    delivered?: number;
    /** After the send. */
    read?: number;
    /** After the send (voice notes). */
    played?: number;
  };
  /** Retry delays of webhooks after a non-200 (Meta's 7 days, compressed). @defaultValue `[1000, 5000, 30000, 120000, 600000]` */
  webhookRetryDelaysMs?: number[];
  /** Send bodies as raw UTF-8 instead of Meta's escaped JSON (robustness tests). @defaultValue false */
  rawUtf8?: boolean;
  /** Reject free-form sends outside the 24-hour window with 131047. @defaultValue true */
  enforceServiceWindow?: boolean;
  /** Messages per second per number before 130429. @defaultValue 80 */
  throughputPerSecond?: number;
  /** Pair limit before 131056, e.g. `{ messages: 3, perMs: 6000 }`. @defaultValue false */
  pairLimit?:
    | {
        /** Messages allowed in the window. */
        messages: number;
        /** Window length. */
        perMs: number;
      }
    | false;
  /** Seed of the id generator. @defaultValue 1 */
  seed?: number;
  /** Start of the fake clock (ms since epoch). @defaultValue `Date.now()` */
  startTime?: number;
  /** Let the fake clock follow real time and deliver due webhooks on a timer (demo mode). @defaultValue false */
  realtime?: boolean;
}
