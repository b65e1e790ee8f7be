import type { AmiEventOf } from '../events.js';
import type { AmiMessage } from '../protocol/message.js';

/** The result of an EventList action (CoreShowChannels, Status, QueueStatus, …). */
export interface AmiListResult {
  /** The acknowledgement (`Response: Success`, `EventList: start`). */
  response: AmiMessage;
  /** The list items, in order (events carrying the ActionID). */
  items: AmiMessage[];
  /** The `…Complete` event (`EventList: Complete`, `ListItems`), when the list had one. */
  complete: AmiMessage | undefined;
}

/** Options every action accepts. */
export interface ActionOptions {
  /** Reply deadline for this action. @defaultValue the client's `actionTimeoutMs` */
  timeoutMs?: number;
  /** Cancel waiting for the reply (the action itself may still run on the PBX). */
  signal?: AbortSignal;
}

/** Parameters of {@link AmiClient.originate}. */
export interface OriginateParams extends ActionOptions {
  /** Channel to call first, e.g. `PJSIP/101` or `Local/101@from-internal`. */
  channel: string;
  /** Dialplan context to continue in once `channel` answers. */
  context?: string;
  /** Extension (the number to dial) in `context`. */
  exten?: string;
  /** Priority in `context`. @defaultValue 1 when `exten` is set */
  priority?: string | number;
  /** Application to run instead of dialplan. */
  application?: string;
  /** Data for `application`. */
  data?: string;
  /** How long `channel` may ring, in ms (the Originate `Timeout` header). @defaultValue 30000 */
  ringTimeoutMs?: number;
  /** Caller ID shown on `channel`, e.g. `"Customer" <+306974015758>`. */
  callerId?: string;
  /** Channel variables. */
  variables?: Record<string, string | number>;
  /** Account code. */
  account?: string;
  /** Uniqueid to give the first channel. */
  channelId?: string;
  /** Uniqueid to give the second channel (Local). */
  otherChannelId?: string;
  /** Allow early media. */
  earlyMedia?: boolean;
  /** Codecs, e.g. `ulaw,alaw`. */
  codecs?: string;
}

/** Parameters of {@link AmiClient.clickToCall}: ring an extension, then dial the customer. */
export interface ClickToCallParams extends ActionOptions {
  /** The agent's extension, rung first. */
  extension: string;
  /** The number to dial once the extension answers. */
  number: string;
  /** Context the number is dialled in. @defaultValue 'from-internal' */
  context?: string;
  /** Channel technology of the extension. @defaultValue 'PJSIP' */
  tech?: string;
  /** Caller ID shown on the agent's phone while it rings. @defaultValue `number` */
  callerId?: string;
  /** How long the extension may ring, in ms. @defaultValue 30000 */
  ringTimeoutMs?: number;
  /** Extra channel variables. */
  variables?: Record<string, string | number>;
}

/** Outcome of an async Originate, from its `OriginateResponse` event. */
export interface OriginateResult {
  /** True when `Response: Success` (the first channel answered). */
  success: boolean;
  /** Asterisk's reason code: 0 failed, 1 hung up, 3 no answer, 4 answered, 5 busy, 8 congestion. */
  reason: string;
  /** Human text for `reason`. */
  reasonText: string;
  /** Uniqueid of the originated channel (`<unknown>` on failure). */
  uniqueid: string;
  /** The originated channel. */
  channel: string;
  /** The ActionID of the Originate. */
  actionId: string;
  /** The `OriginateResponse` event itself. */
  event: AmiEventOf<'OriginateResponse'>;
}

/** Output of the `Command` action (both the 13 `Follows` and the 14+ `Output:` formats). */
export interface CommandResult {
  /** CLI output lines, in order. */
  lines: string[];
  /** The response message. */
  response: AmiMessage;
}

/** A channel variable read by {@link AmiClient.getvar}. */
export interface GetvarResult {
  /** Variable name as echoed. */
  variable: string;
  /** The value, verbatim (empty string when unset). */
  value: string;
}

const REASONS: Record<string, string> = {
  '0': 'failed',
  '1': 'hung up',
  '2': 'local ring',
  '3': 'no answer',
  '4': 'answered',
  '5': 'busy',
  '8': 'congestion',
};

/** Text for an OriginateResponse `Reason` code (include/asterisk/frame.h AST_CONTROL_*). */
export function originateReasonText(reason: string): string {
  return REASONS[reason] ?? `reason ${reason}`;
}
