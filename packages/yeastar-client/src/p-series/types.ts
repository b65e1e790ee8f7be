import type { Readable } from 'node:stream';
import type { CallMember } from '../decode/types.js';

/** Identifies one member of a live call: a channel id, or a call id + extension resolved from 30011 state. */
export type ChannelRef =
  | {
      /** Channel id from a 30011 member, e.g. `PJSIP/1005-00000023`. */
      channelId: string;
    }
  | {
      /** `call_id` of a live call. */
      callId: string;
      /** Extension whose channel in that call is meant. */
      extension: string;
    };

/** Parameters of `call/dial` (click-to-call: the caller's extension rings first, then the callee). */
export interface DialParams {
  /** Extension (or IVR / ring group / queue / external number) that places the call. */
  caller: string;
  /** Number to call. */
  callee: string;
  /** Extension whose outbound permission is borrowed. */
  dialPermission?: string;
  /** Ask phones that support it to auto-answer the caller leg. */
  autoAnswer?: boolean;
  /** Abort the request. */
  signal?: AbortSignal;
}

/** Parameters of `call/transfer`. */
export type TransferParams = ChannelRef & {
  /** Transfer target. */
  number: string;
  /** Blind or attended. @defaultValue 'blind' */
  type?: 'blind' | 'attended';
  /** Extension whose outbound permission is borrowed. */
  dialPermission?: string;
  /** For attended transfers after the consult call: abort, complete, threeway or swap. */
  attendedOperate?: 'abort' | 'complete' | 'threeway' | 'swap';
  /** Abort the request. */
  signal?: AbortSignal;
};

/** A live call as `call/query` returns it. */
export interface LiveCall {
  /** `call_id`. */
  callId: string;
  /** Members, same shape as 30011. */
  members: CallMember[];
}

/** A row of `cdr/list` / `cdr/search`: the documented fields plus whatever the firmware adds. */
export interface CdrListItem {
  /** CDR id. */
  id?: number | string;
  /** CDR uid. */
  uid?: string;
  /** Time in the PBX display format. */
  time?: string;
  /** Caller, possibly `Name<number>`. */
  call_from?: string;
  /** Callee. */
  call_to?: string;
  /** Other fields. */
  [field: string]: unknown;
}

/** Parameters of `cdr/search`. */
export interface CdrSearchParams {
  /** Window start: a `Date` is sent as Unix seconds (newer firmware); a string is sent as-is (display format). */
  startTime?: Date | string;
  /** Window end. */
  endTime?: Date | string;
  /** Caller filter. */
  callFrom?: string;
  /** Callee filter. */
  callTo?: string;
  /** Status filter: `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `VOICEMAIL`. */
  status?: string;
  /** Page size. @defaultValue 1000 */
  pageSize?: number;
  /** Abort the iteration. */
  signal?: AbortSignal;
}

/** Parameters of `cdr/list`. */
export interface CdrListParams {
  /** Page size (the PBX caps it at 10000). @defaultValue 1000 */
  pageSize?: number;
  /** Sort field, e.g. `id`, `time`. @defaultValue 'id' */
  sortBy?: string;
  /** Sort order. @defaultValue 'asc' */
  orderBy?: 'asc' | 'desc';
  /** Abort the iteration. */
  signal?: AbortSignal;
}

/** A streamed recording. */
export interface RecordingDownload {
  /** File name. */
  file: string;
  /** `Content-Type` of the audio. */
  contentType: string | undefined;
  /** `Content-Length`, when sent. */
  size: number | undefined;
  /** The audio bytes; consume or destroy it. */
  body: Readable;
}

/** An extension as `extension/list|search|get` returns it. */
export interface ExtensionInfo {
  /** Extension id (for `extension/get`). */
  id?: number | string;
  /** Extension number. */
  number?: string;
  /** Caller-ID name. */
  caller_id_name?: string;
  /** Other fields (`online_status`, `presence_status`, …). */
  [field: string]: unknown;
}

/** A company contact as `company_contact/list|search` returns it. */
export interface CompanyContact {
  /** Contact id. */
  id?: number | string;
  /** Other fields (`first_name`, `number_list`, …). */
  [field: string]: unknown;
}
