import type { AmiEventFieldsMap } from './event-fields.js';
import type { KnownEventName } from './protocol/event-names.js';
import type { AmiMessage } from './protocol/message.js';

/** Headers every event may carry (`Timestamp` with `timestampevents=yes`, `ActionID` on list items). */
export interface AmiEventHeaders {
  /** The event name. */
  readonly Event: string;
  /** Privilege classes (`call,all`); absent on some list items. */
  readonly Privilege?: string;
  /** `<epoch>.<usec>` when manager.conf `timestampevents=yes`. */
  readonly Timestamp?: string;
  /** asterisk.conf `systemname`, when set. */
  readonly SystemName?: string;
  /** The ActionID of the action this list item / response event belongs to. */
  readonly ActionID?: string;
}

/** A typed AMI event: the lossless {@link AmiMessage} with `type` narrowed and `fields` typed. */
export type AmiEventOf<N extends KnownEventName> = AmiMessage & {
  /** The discriminant: the event name. */
  readonly type: N;
  /** The event name. */
  readonly name: N;
  /** Typed header view (first value of each header). */
  readonly fields: AmiEventHeaders & EventNameField<N> & AmiEventFieldsMap[N];
};

/** The `Event` header narrowed to one name. */
export interface EventNameField<N extends string> {
  /** The event name. */
  readonly Event: N;
}

/** An event whose name this package does not type (`type: 'unknown'`); read it with `get`/`fields`. */
export type UnknownAmiEvent = AmiMessage & {
  /** The discriminant of events this package does not type. */
  readonly type: 'unknown';
  /** Header view (first value of each header). */
  readonly fields: Record<string, string>;
};

/**
 * Every AMI event: a discriminated union on `type` of the typed events plus {@link UnknownAmiEvent}.
 *
 * @example
 * ```ts
 * client.on('event', (e) => {
 *   if (e.type === 'Hangup') console.log(e.fields.Channel, e.fields['Cause-txt']);
 * });
 * ```
 */
export type AmiEvent = { [N in KnownEventName]: AmiEventOf<N> }[KnownEventName] | UnknownAmiEvent;

/** Per-name listener map of typed events, merged into the client's event map. */
export type AmiTypedEventListeners = { [N in KnownEventName]: [event: AmiEventOf<N>] };
