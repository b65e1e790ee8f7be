import type { KnownEventName } from './protocol/event-names.js';
import type { AmiMessage } from './protocol/message.js';

type SnapshotKey =
  | 'Channel'
  | 'ChannelState'
  | 'ChannelStateDesc'
  | 'CallerIDNum'
  | 'CallerIDName'
  | 'ConnectedLineNum'
  | 'ConnectedLineName'
  | 'Language'
  | 'AccountCode'
  | 'Context'
  | 'Exten'
  | 'Priority'
  | 'Uniqueid'
  | 'Linkedid';

/**
 * A channel snapshot block (`ast_manager_build_channel_state_string_prefix`, main/manager_channels.c),
 * every key prefixed with `P` (`Dest`, `Transferee`, …). `Tenantid` exists since 20.10 / 21.5 / 22.0.
 */
export type ChannelSnapshot<P extends string = ''> = { readonly [K in SnapshotKey as `${P}${K}`]: string } & {
  readonly [K in 'Tenantid' as `${P}${K}`]?: string;
};

type BridgeKey =
  | 'BridgeUniqueid'
  | 'BridgeType'
  | 'BridgeTechnology'
  | 'BridgeCreator'
  | 'BridgeName'
  | 'BridgeNumChannels'
  | 'BridgeVideoSourceMode';

/** A bridge snapshot block, every key prefixed with `P` (`Orig`, `Second`, …). */
export type BridgeSnapshot<P extends string = ''> = { readonly [K in BridgeKey as `${P}${K}`]: string };

type Str<K extends string> = { readonly [P in K]: string };
type OptStr<K extends string> = { readonly [P in K]?: string };

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

type Dial = Partial<ChannelSnapshot> & ChannelSnapshot<'Dest'>;
type Queue = ChannelSnapshot & Str<'Queue'>;
type Agent = Queue & ChannelSnapshot<'Dest'> & Str<'Interface' | 'MemberName'>;

/** Field types of every typed event, keyed by event name; every value is a verbatim string. */
export interface AmiEventFieldsMap {
  /** A channel was created. */
  Newchannel: ChannelSnapshot;
  /** A channel's state changed (4 Ring, 5 Ringing, 6 Up). */
  Newstate: ChannelSnapshot;
  /** A channel's caller ID changed. */
  NewCallerid: ChannelSnapshot & OptStr<'CID-CallingPres'>;
  /** A channel's connected line changed. */
  NewConnectedLine: ChannelSnapshot;
  /** A channel entered a dialplan priority. */
  Newexten: ChannelSnapshot & Str<'Extension' | 'Application' | 'AppData'>;
  /** A dial began; the caller block is absent for originated calls. */
  DialBegin: Dial & OptStr<'DialString'>;
  /** A dial progressed (RINGING, PROCEEDING, PROGRESS). */
  DialState: Dial & Str<'DialStatus'> & OptStr<'Forward'>;
  /** A dial ended (ANSWER, BUSY, NOANSWER, CANCEL, CHANUNAVAIL, CONGESTION…). */
  DialEnd: Dial & Str<'DialStatus'> & OptStr<'Forward'>;
  /** A bridge was created. */
  BridgeCreate: BridgeSnapshot;
  /** A channel entered a bridge. */
  BridgeEnter: BridgeSnapshot & ChannelSnapshot & OptStr<'SwapUniqueid'>;
  /** A channel left a bridge. */
  BridgeLeave: BridgeSnapshot & ChannelSnapshot;
  /** A bridge was destroyed. */
  BridgeDestroy: BridgeSnapshot;
  /** Two bridges merged. */
  BridgeMerge: BridgeSnapshot<'To'> & BridgeSnapshot<'From'>;
  /** A channel hung up; there is no Duration (ami.md §4.4). */
  Hangup: ChannelSnapshot & Str<'Cause' | 'Cause-txt'> & OptStr<'TechCause'>;
  /** A hangup was requested by the channel's own side. */
  HangupRequest: ChannelSnapshot & Str<'Cause'> & OptStr<'TechCause'>;
  /** A soft hangup was requested. */
  SoftHangupRequest: ChannelSnapshot & Str<'Cause'> & OptStr<'TechCause'>;
  /** A CDR (cdr_manager; disabled by default in Asterisk). */
  Cdr: Str<
    | 'AccountCode'
    | 'Source'
    | 'Destination'
    | 'DestinationContext'
    | 'CallerID'
    | 'Channel'
    | 'DestinationChannel'
    | 'LastApplication'
    | 'LastData'
    | 'StartTime'
    | 'AnswerTime'
    | 'EndTime'
    | 'Duration'
    | 'BillableSeconds'
    | 'Disposition'
    | 'AMAFlags'
    | 'UniqueID'
    | 'UserField'
  >;
  /** A channel event log record (cel_manager). */
  CEL: Str<'EventName' | 'Channel' | 'EventTime' | 'UniqueID' | 'LinkedID'> &
    OptStr<
      | 'AccountCode'
      | 'CallerIDnum'
      | 'CallerIDname'
      | 'CallerIDani'
      | 'CallerIDrdnis'
      | 'CallerIDdnid'
      | 'Exten'
      | 'Context'
      | 'Application'
      | 'AppData'
      | 'AMAFlags'
      | 'Userfield'
      | 'Peer'
      | 'PeerAccount'
      | 'Extra'
    >;
  /** A variable was set (channel fields absent for globals). */
  VarSet: Partial<ChannelSnapshot> & Str<'Variable' | 'Value'>;
  /** A caller joined a queue. */
  QueueCallerJoin: Queue & Str<'Position' | 'Count'>;
  /** A caller left a queue. */
  QueueCallerLeave: Queue & Str<'Position' | 'Count'>;
  /** A caller hung up while waiting in a queue. */
  QueueCallerAbandon: Queue & Str<'Position' | 'OriginalPosition' | 'HoldTime'>;
  /** A queue member is rung. */
  AgentCalled: Agent;
  /** A queue member answered. */
  AgentConnect: Agent & Str<'HoldTime' | 'RingTime'>;
  /** A queue call with a member ended. */
  AgentComplete: Agent & Str<'HoldTime' | 'TalkTime' | 'Reason'>;
  /** A queue member did not answer. */
  AgentRingNoAnswer: Agent & Str<'RingTime'>;
  /** A blind transfer happened. */
  BlindTransfer: Str<'Result' | 'IsExternal' | 'Context' | 'Extension'> &
    ChannelSnapshot<'Transferer'> &
    Partial<ChannelSnapshot<'Transferee'>> &
    Partial<BridgeSnapshot>;
  /** An attended transfer happened. */
  AttendedTransfer: Str<'Result' | 'IsExternal' | 'DestType'> &
    OptStr<
      'DestBridgeUniqueid' | 'DestApp' | 'LocalOneChannel' | 'LocalTwoChannel' | 'DestTransfererChannel'
    > &
    ChannelSnapshot<'OrigTransferer'> &
    Partial<ChannelSnapshot<'SecondTransferer'>> &
    Partial<ChannelSnapshot<'Transferee'>> &
    Partial<ChannelSnapshot<'TransferTarget'>> &
    Partial<BridgeSnapshot<'Orig'>> &
    Partial<BridgeSnapshot<'Second'>>;
  /** A channel put its peer on hold. */
  Hold: ChannelSnapshot & OptStr<'MusicClass'>;
  /** A channel took its peer off hold. */
  Unhold: ChannelSnapshot;
  /** Music on hold started on a channel. */
  MusicOnHoldStart: ChannelSnapshot & OptStr<'Class'>;
  /** Music on hold stopped on a channel. */
  MusicOnHoldStop: ChannelSnapshot;
  /** The two halves of a Local channel were bridged. */
  LocalBridge: ChannelSnapshot<'LocalOne'> &
    ChannelSnapshot<'LocalTwo'> &
    Str<'Context' | 'Exten' | 'LocalOptimization'>;
  /** A Local channel pair starts optimizing away. */
  LocalOptimizationBegin: ChannelSnapshot<'LocalOne'> & ChannelSnapshot<'LocalTwo'>;
  /** A Local channel pair finished optimizing away. */
  LocalOptimizationEnd: ChannelSnapshot<'LocalOne'> & ChannelSnapshot<'LocalTwo'> & OptStr<'Success'>;
  /** The result of an async Originate (correlated by ActionID). */
  OriginateResponse: Str<'Response' | 'Channel' | 'Reason' | 'Uniqueid'> &
    OptStr<'Context' | 'Exten' | 'Application' | 'Data' | 'CallerIDNum' | 'CallerIDName'>;
  /** A dialplan hint changed state. */
  ExtensionStatus: Str<'Exten' | 'Context' | 'Hint' | 'Status'> & OptStr<'StatusText'>;
  /** A device changed state. */
  DeviceStateChange: Str<'Device' | 'State'>;
  /** Asterisk finished booting; also sent right after Login. */
  FullyBooted: Str<'Status'> & OptStr<'Uptime' | 'LastReload'>;
  /** CoreShowChannels list item. */
  CoreShowChannel: ChannelSnapshot & Str<'BridgeId' | 'Application' | 'ApplicationData' | 'Duration'>;
  /** CoreShowChannels list end. */
  CoreShowChannelsComplete: Str<'EventList' | 'ListItems'>;
  /** Status list item. */
  Status: ChannelSnapshot &
    OptStr<
      | 'Type'
      | 'DNID'
      | 'EffectiveConnectedLineNum'
      | 'TimeToHangup'
      | 'BridgeID'
      | 'Application'
      | 'Data'
      | 'Nativeformats'
      | 'Readformat'
      | 'Writeformat'
      | 'Callgroup'
      | 'Pickupgroup'
      | 'Seconds'
    >;
  /** Status list end. */
  StatusComplete: Str<'EventList' | 'ListItems'> & OptStr<'Items'>;
  /** PJSIPShowEndpoints list item. */
  EndpointList: Str<
    | 'ObjectType'
    | 'ObjectName'
    | 'Transport'
    | 'Aor'
    | 'Auths'
    | 'OutboundAuths'
    | 'Contacts'
    | 'DeviceState'
    | 'ActiveChannels'
  >;
  /** PJSIPShowEndpoints list end. */
  EndpointListComplete: Str<'EventList' | 'ListItems'>;
  /** QueueStatus: queue parameters. */
  QueueParams: Str<
    'Queue' | 'Max' | 'Strategy' | 'Calls' | 'Holdtime' | 'TalkTime' | 'Completed' | 'Abandoned'
  > &
    OptStr<'ServiceLevel' | 'ServicelevelPerf' | 'ServicelevelPerf2' | 'Weight'>;
  /** QueueStatus: one member. */
  QueueMember: Str<
    | 'Queue'
    | 'Name'
    | 'Location'
    | 'StateInterface'
    | 'Membership'
    | 'Penalty'
    | 'CallsTaken'
    | 'LastCall'
    | 'Status'
    | 'Paused'
  > &
    OptStr<'LastPause' | 'LoginTime' | 'InCall' | 'PausedReason' | 'Wrapuptime'>;
  /** QueueStatus: one waiting caller. */
  QueueEntry: Str<'Queue' | 'Position' | 'Channel' | 'Uniqueid' | 'CallerIDNum' | 'CallerIDName' | 'Wait'> &
    OptStr<'ConnectedLineNum' | 'ConnectedLineName' | 'Priority'>;
  /** QueueStatus list end. */
  QueueStatusComplete: Str<'EventList' | 'ListItems'>;
  /** QueueSummary list item. */
  QueueSummary: Str<
    'Queue' | 'LoggedIn' | 'Available' | 'Callers' | 'HoldTime' | 'TalkTime' | 'LongestHoldTime'
  >;
  /** QueueSummary list end. */
  QueueSummaryComplete: Str<'EventList' | 'ListItems'>;
}

/** A typed AMI event: the lossless {@link AmiMessage} with `type` narrowed and `fields` typed. */
export type AmiEventOf<N extends KnownEventName> = AmiMessage & {
  readonly type: N;
  readonly name: N;
  readonly fields: AmiEventHeaders & { readonly Event: N } & AmiEventFieldsMap[N];
};

/** An event whose name this package does not type (`type: 'unknown'`); read it with `get`/`fields`. */
export type UnknownAmiEvent = AmiMessage & {
  readonly type: 'unknown';
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
