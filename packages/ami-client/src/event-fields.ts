import type {
  BridgeSnapshot,
  ChannelSnapshot,
  DestChannelSnapshot,
  FromBridgeSnapshot,
  LocalOneChannelSnapshot,
  LocalTwoChannelSnapshot,
  OptionalBridgeSnapshot,
  OptionalChannelSnapshot,
  OptionalOrigBridgeSnapshot,
  OptionalSecondBridgeSnapshot,
  OptionalSecondTransfererChannelSnapshot,
  OptionalTransfereeChannelSnapshot,
  OptionalTransferTargetChannelSnapshot,
  OrigTransfererChannelSnapshot,
  ToBridgeSnapshot,
  TransfererChannelSnapshot,
} from './snapshots.js';

/** Fields of the `Newchannel` event: a channel was created. */
export interface NewchannelFields extends ChannelSnapshot {}

/** Fields of the `Newstate` event: a channel changed state (4 Ring, 5 Ringing, 6 Up). */
export interface NewstateFields extends ChannelSnapshot {}

/** Fields of the `NewCallerid` event: a channel's caller ID changed (FreePBX rewrites it on outbound routes). */
export interface NewCalleridFields extends ChannelSnapshot {
  /** Caller presentation, e.g. `0 (Presentation Allowed, Not Screened)`. */
  readonly 'CID-CallingPres'?: string;
}

/** Fields of the `NewConnectedLine` event: a channel's connected line changed. */
export interface NewConnectedLineFields extends ChannelSnapshot {}

/** Fields of the `Newexten` event: a channel entered a dialplan priority. */
export interface NewextenFields extends ChannelSnapshot {
  /** Extension executed. */
  readonly Extension: string;
  /** Application executed, e.g. `Dial`. */
  readonly Application: string;
  /** Application arguments, verbatim. */
  readonly AppData: string;
}

/** Fields of the `DialBegin` event: a dial began; the caller block is absent for an originated call. */
export interface DialBeginFields extends OptionalChannelSnapshot, DestChannelSnapshot {
  /** What was dialed, e.g. `101` or `0030…@trunk`. */
  readonly DialString?: string;
}

/** Fields of the `DialState` event: a dial progressed. */
export interface DialStateFields extends OptionalChannelSnapshot, DestChannelSnapshot {
  /** `RINGING`, `PROCEEDING`, `PROGRESS`…. */
  readonly DialStatus: string;
  /** Call-forward target, when forwarded. */
  readonly Forward?: string;
}

/** Fields of the `DialEnd` event: a dial ended. */
export interface DialEndFields extends OptionalChannelSnapshot, DestChannelSnapshot {
  /** `ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`, `CHANUNAVAIL`, `CONGESTION`…. */
  readonly DialStatus: string;
  /** Call-forward target, when forwarded. */
  readonly Forward?: string;
}

/** Fields of the `BridgeCreate` event: a bridge was created. */
export interface BridgeCreateFields extends BridgeSnapshot {}

/** Fields of the `BridgeEnter` event: a channel entered a bridge. */
export interface BridgeEnterFields extends BridgeSnapshot, ChannelSnapshot {
  /** Uniqueid of the channel it replaces, on a swap. */
  readonly SwapUniqueid?: string;
}

/** Fields of the `BridgeLeave` event: a channel left a bridge. */
export interface BridgeLeaveFields extends BridgeSnapshot, ChannelSnapshot {}

/** Fields of the `BridgeDestroy` event: a bridge was destroyed. */
export interface BridgeDestroyFields extends BridgeSnapshot {}

/** Fields of the `BridgeMerge` event: two bridges merged. */
export interface BridgeMergeFields extends ToBridgeSnapshot, FromBridgeSnapshot {}

/** Fields of the `Hangup` event: a channel hung up. There is no Duration field (ami.md §4.4). */
export interface HangupFields extends ChannelSnapshot {
  /** Q.850 cause code, e.g. `16`. */
  readonly Cause: string;
  /** Cause text, e.g. `Normal Clearing`. */
  readonly 'Cause-txt': string;
  /** SIP status behind the hangup (20.17+/22.7+), e.g. `486`. */
  readonly TechCause?: string;
}

/** Fields of the `HangupRequest` event: a hangup was requested by the channel's own side. */
export interface HangupRequestFields extends ChannelSnapshot {
  /** Q.850 cause code. */
  readonly Cause: string;
  /** SIP status behind the request. */
  readonly TechCause?: string;
}

/** Fields of the `SoftHangupRequest` event: a soft hangup was requested. */
export interface SoftHangupRequestFields extends ChannelSnapshot {
  /** Q.850 cause code. */
  readonly Cause: string;
  /** SIP status behind the request. */
  readonly TechCause?: string;
}

/** Fields of the `Cdr` event: a CDR (cdr_manager; disabled by default in Asterisk). No Linkedid unless mapped. */
export interface CdrFields {
  /** Account code. */
  readonly AccountCode: string;
  /** Source number (after caller ID rewrites). */
  readonly Source: string;
  /** Destination extension. */
  readonly Destination: string;
  /** Destination context. */
  readonly DestinationContext: string;
  /** Full caller ID, e.g. `"Name" <number>`. */
  readonly CallerID: string;
  /** Party A channel. */
  readonly Channel: string;
  /** Party B channel (may be empty). */
  readonly DestinationChannel: string;
  /** Last application. */
  readonly LastApplication: string;
  /** Last application arguments. */
  readonly LastData: string;
  /** Start, PBX local `YYYY-MM-DD HH:MM:SS`. */
  readonly StartTime: string;
  /** Answer time (empty when unanswered). */
  readonly AnswerTime: string;
  /** End time. */
  readonly EndTime: string;
  /** Seconds from start to end. */
  readonly Duration: string;
  /** Seconds from answer to end. */
  readonly BillableSeconds: string;
  /** `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`. */
  readonly Disposition: string;
  /** AMA flags. */
  readonly AMAFlags: string;
  /** Uniqueid of party A. */
  readonly UniqueID: string;
  /** User field. */
  readonly UserField: string;
}

/** Fields of the `CEL` event: a channel event log record (cel_manager). */
export interface CELFields {
  /** CEL event, e.g. `CHAN_START`, `ANSWER`, `LINKEDID_END`. */
  readonly EventName: string;
  /** Channel name. */
  readonly Channel: string;
  /** Event time (cel.conf `dateformat`). */
  readonly EventTime: string;
  /** Uniqueid. */
  readonly UniqueID: string;
  /** Linkedid. */
  readonly LinkedID: string;
  /** Account code. */
  readonly AccountCode?: string;
  /** Caller ID number. */
  readonly CallerIDnum?: string;
  /** Caller ID name. */
  readonly CallerIDname?: string;
  /** ANI. */
  readonly CallerIDani?: string;
  /** RDNIS. */
  readonly CallerIDrdnis?: string;
  /** DNID. */
  readonly CallerIDdnid?: string;
  /** Extension. */
  readonly Exten?: string;
  /** Context. */
  readonly Context?: string;
  /** Application. */
  readonly Application?: string;
  /** Application data. */
  readonly AppData?: string;
  /** AMA flags. */
  readonly AMAFlags?: string;
  /** User field. */
  readonly Userfield?: string;
  /** Bridged peer channel. */
  readonly Peer?: string;
  /** Peer account code. */
  readonly PeerAccount?: string;
  /** Extra data (JSON: hangupcause, dialstatus…). */
  readonly Extra?: string;
}

/** Fields of the `VarSet` event: a variable was set (channel fields absent for globals). */
export interface VarSetFields extends OptionalChannelSnapshot {
  /** Variable name, e.g. `__FROM_DID`. */
  readonly Variable: string;
  /** New value, verbatim. */
  readonly Value: string;
}

/** Fields of the `QueueCallerJoin` event: a caller joined a queue. */
export interface QueueCallerJoinFields extends ChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Position in the queue. */
  readonly Position: string;
  /** Callers waiting. */
  readonly Count: string;
}

/** Fields of the `QueueCallerLeave` event: a caller left a queue. */
export interface QueueCallerLeaveFields extends ChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Position it left from. */
  readonly Position: string;
  /** Callers still waiting. */
  readonly Count: string;
}

/** Fields of the `QueueCallerAbandon` event: a caller hung up while waiting in a queue. */
export interface QueueCallerAbandonFields extends ChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Position when it hung up. */
  readonly Position: string;
  /** Position on joining. */
  readonly OriginalPosition: string;
  /** Seconds waited. */
  readonly HoldTime: string;
}

/** Fields of the `AgentCalled` event: a queue member is rung. */
export interface AgentCalledFields extends ChannelSnapshot, DestChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Member interface, e.g. `Local/102@from-queue/n`. */
  readonly Interface: string;
  /** Member name. */
  readonly MemberName: string;
}

/** Fields of the `AgentConnect` event: a queue member answered. */
export interface AgentConnectFields extends ChannelSnapshot, DestChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Member interface. */
  readonly Interface: string;
  /** Member name. */
  readonly MemberName: string;
  /** Seconds the caller waited. */
  readonly HoldTime: string;
  /** Seconds the member rang. */
  readonly RingTime: string;
}

/** Fields of the `AgentComplete` event: a queue call with a member ended. */
export interface AgentCompleteFields extends ChannelSnapshot, DestChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Member interface. */
  readonly Interface: string;
  /** Member name. */
  readonly MemberName: string;
  /** Seconds the caller waited. */
  readonly HoldTime: string;
  /** Seconds talked. */
  readonly TalkTime: string;
  /** Who ended it: `caller`, `agent`, `transfer`. */
  readonly Reason: string;
}

/** Fields of the `AgentRingNoAnswer` event: a queue member did not answer. */
export interface AgentRingNoAnswerFields extends ChannelSnapshot, DestChannelSnapshot {
  /** Queue name. */
  readonly Queue: string;
  /** Member interface. */
  readonly Interface: string;
  /** Member name. */
  readonly MemberName: string;
  /** Milliseconds it rang. */
  readonly RingTime: string;
}

/** Fields of the `BlindTransfer` event: a blind transfer happened. */
export interface BlindTransferFields
  extends TransfererChannelSnapshot,
    OptionalTransfereeChannelSnapshot,
    OptionalBridgeSnapshot {
  /** `Success` or a failure reason. */
  readonly Result: string;
  /** `Yes` when requested over AMI/SIP REFER, `No` for a feature code. */
  readonly IsExternal: string;
  /** Target context. */
  readonly Context: string;
  /** Target extension. */
  readonly Extension: string;
}

/** Fields of the `AttendedTransfer` event: an attended transfer happened. */
export interface AttendedTransferFields
  extends OrigTransfererChannelSnapshot,
    OptionalSecondTransfererChannelSnapshot,
    OptionalTransfereeChannelSnapshot,
    OptionalTransferTargetChannelSnapshot,
    OptionalOrigBridgeSnapshot,
    OptionalSecondBridgeSnapshot {
  /** `Success` or a failure reason. */
  readonly Result: string;
  /** `Yes` when requested externally. */
  readonly IsExternal: string;
  /** `Bridge`, `App`, `Link`, `Threeway` or `Fail`. */
  readonly DestType: string;
  /** Bridge the parties ended up in. */
  readonly DestBridgeUniqueid?: string;
  /** Application, when DestType is `App`. */
  readonly DestApp?: string;
  /** Local channel `;1`, when DestType is `Link`. */
  readonly LocalOneChannel?: string;
  /** Local channel `;2`, when DestType is `Link`. */
  readonly LocalTwoChannel?: string;
  /** Transferer channel in a three-way. */
  readonly DestTransfererChannel?: string;
}

/** Fields of the `Hold` event: a channel put its peer on hold. */
export interface HoldFields extends ChannelSnapshot {
  /** Music-on-hold class. */
  readonly MusicClass?: string;
}

/** Fields of the `Unhold` event: a channel took its peer off hold. */
export interface UnholdFields extends ChannelSnapshot {}

/** Fields of the `MusicOnHoldStart` event: music on hold started on a channel. */
export interface MusicOnHoldStartFields extends ChannelSnapshot {
  /** Music-on-hold class. */
  readonly Class?: string;
}

/** Fields of the `MusicOnHoldStop` event: music on hold stopped on a channel. */
export interface MusicOnHoldStopFields extends ChannelSnapshot {}

/** Fields of the `LocalBridge` event: the two halves of a Local channel were bridged. */
export interface LocalBridgeFields extends LocalOneChannelSnapshot, LocalTwoChannelSnapshot {
  /** Local channel context. */
  readonly Context: string;
  /** Local channel extension. */
  readonly Exten: string;
  /** `Yes` when the pair may optimize away. */
  readonly LocalOptimization: string;
}

/** Fields of the `LocalOptimizationBegin` event: a Local channel pair starts optimizing away. */
export interface LocalOptimizationBeginFields extends LocalOneChannelSnapshot, LocalTwoChannelSnapshot {}

/** Fields of the `LocalOptimizationEnd` event: a Local channel pair finished optimizing away. */
export interface LocalOptimizationEndFields extends LocalOneChannelSnapshot, LocalTwoChannelSnapshot {
  /** `Yes` when it succeeded. */
  readonly Success?: string;
}

/** Fields of the `OriginateResponse` event: the result of an async Originate (correlated by ActionID). */
export interface OriginateResponseFields {
  /** `Success` or `Failure`. */
  readonly Response: string;
  /** Originated channel (the dial string on failure). */
  readonly Channel: string;
  /** 0 failed, 1 hung up, 3 no answer, 4 answered, 5 busy, 8 congestion. */
  readonly Reason: string;
  /** Uniqueid (`<unknown>` on failure). */
  readonly Uniqueid: string;
  /** Context dialed into. */
  readonly Context?: string;
  /** Extension dialed. */
  readonly Exten?: string;
  /** Application run instead. */
  readonly Application?: string;
  /** Application data. */
  readonly Data?: string;
  /** Caller ID number. */
  readonly CallerIDNum?: string;
  /** Caller ID name. */
  readonly CallerIDName?: string;
}

/** Fields of the `ExtensionStatus` event: a dialplan hint changed state. */
export interface ExtensionStatusFields {
  /** Extension. */
  readonly Exten: string;
  /** Context. */
  readonly Context: string;
  /** Hint, e.g. `PJSIP/101`. */
  readonly Hint: string;
  /** Numeric state (-1 removed, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold). */
  readonly Status: string;
  /** State as text. */
  readonly StatusText?: string;
}

/** Fields of the `DeviceStateChange` event: a device changed state. */
export interface DeviceStateChangeFields {
  /** Device, e.g. `PJSIP/101`. */
  readonly Device: string;
  /** `NOT_INUSE`, `INUSE`, `RINGING`, `UNAVAILABLE`…. */
  readonly State: string;
}

/** Fields of the `FullyBooted` event: asterisk finished booting; also sent right after a successful Login. */
export interface FullyBootedFields {
  /** `Fully Booted`. */
  readonly Status: string;
  /** Seconds since start. */
  readonly Uptime?: string;
  /** Seconds since the last reload. */
  readonly LastReload?: string;
}

/** Fields of the `CoreShowChannel` event: coreShowChannels list item. */
export interface CoreShowChannelFields extends ChannelSnapshot {
  /** Bridge id (empty when not bridged). */
  readonly BridgeId: string;
  /** Current application. */
  readonly Application: string;
  /** Application data. */
  readonly ApplicationData: string;
  /** Age as `HH:MM:SS` (ring time included). */
  readonly Duration: string;
}

/** Fields of the `CoreShowChannelsComplete` event: coreShowChannels list end. */
export interface CoreShowChannelsCompleteFields {
  /** `Complete`. */
  readonly EventList: string;
  /** Number of items. */
  readonly ListItems: string;
}

/** Fields of the `Status` event: status list item. */
export interface StatusFields extends ChannelSnapshot {
  /** Channel technology. */
  readonly Type?: string;
  /** Dialed number. */
  readonly DNID?: string;
  /** Effective connected line number. */
  readonly EffectiveConnectedLineNum?: string;
  /** Scheduled hangup. */
  readonly TimeToHangup?: string;
  /** Bridge id. */
  readonly BridgeID?: string;
  /** Current application. */
  readonly Application?: string;
  /** Application data. */
  readonly Data?: string;
  /** Native formats. */
  readonly Nativeformats?: string;
  /** Read format. */
  readonly Readformat?: string;
  /** Write format. */
  readonly Writeformat?: string;
  /** Call group. */
  readonly Callgroup?: string;
  /** Pickup group. */
  readonly Pickupgroup?: string;
  /** Seconds up. */
  readonly Seconds?: string;
}

/** Fields of the `StatusComplete` event: status list end. */
export interface StatusCompleteFields {
  /** `Complete`. */
  readonly EventList: string;
  /** Number of items. */
  readonly ListItems: string;
  /** Number of items (older name). */
  readonly Items?: string;
}

/** Fields of the `EndpointList` event: pJSIPShowEndpoints list item. */
export interface EndpointListFields {
  /** `endpoint`. */
  readonly ObjectType: string;
  /** Endpoint name. */
  readonly ObjectName: string;
  /** Transport. */
  readonly Transport: string;
  /** AORs. */
  readonly Aor: string;
  /** Inbound auths. */
  readonly Auths: string;
  /** Outbound auths. */
  readonly OutboundAuths: string;
  /** Contacts. */
  readonly Contacts: string;
  /** Device state, e.g. `Not in use`. */
  readonly DeviceState: string;
  /** Active channels. */
  readonly ActiveChannels: string;
}

/** Fields of the `EndpointListComplete` event: pJSIPShowEndpoints list end. */
export interface EndpointListCompleteFields {
  /** `Complete`. */
  readonly EventList: string;
  /** Number of items. */
  readonly ListItems: string;
}

/** Fields of the `QueueParams` event: queueStatus: queue parameters. */
export interface QueueParamsFields {
  /** Queue name. */
  readonly Queue: string;
  /** Max callers. */
  readonly Max: string;
  /** Strategy, e.g. `ringall`. */
  readonly Strategy: string;
  /** Callers waiting. */
  readonly Calls: string;
  /** Average hold seconds. */
  readonly Holdtime: string;
  /** Average talk seconds. */
  readonly TalkTime: string;
  /** Completed calls. */
  readonly Completed: string;
  /** Abandoned calls. */
  readonly Abandoned: string;
  /** Service level seconds. */
  readonly ServiceLevel?: string;
  /** Service level performance. */
  readonly ServicelevelPerf?: string;
  /** Service level performance (alt). */
  readonly ServicelevelPerf2?: string;
  /** Queue weight. */
  readonly Weight?: string;
}

/** Fields of the `QueueMember` event: queueStatus: one member. */
export interface QueueMemberFields {
  /** Queue name. */
  readonly Queue: string;
  /** Member name. */
  readonly Name: string;
  /** Member interface. */
  readonly Location: string;
  /** State interface. */
  readonly StateInterface: string;
  /** `static`, `dynamic`, `realtime`. */
  readonly Membership: string;
  /** Penalty. */
  readonly Penalty: string;
  /** Calls taken. */
  readonly CallsTaken: string;
  /** Epoch of the last call. */
  readonly LastCall: string;
  /** Device state number. */
  readonly Status: string;
  /** `1` when paused. */
  readonly Paused: string;
  /** Epoch of the last pause. */
  readonly LastPause?: string;
  /** Epoch of login. */
  readonly LoginTime?: string;
  /** `1` when in a call. */
  readonly InCall?: string;
  /** Pause reason. */
  readonly PausedReason?: string;
  /** Wrap-up seconds. */
  readonly Wrapuptime?: string;
}

/** Fields of the `QueueEntry` event: queueStatus: one waiting caller. */
export interface QueueEntryFields {
  /** Queue name. */
  readonly Queue: string;
  /** Position. */
  readonly Position: string;
  /** Caller channel. */
  readonly Channel: string;
  /** Caller Uniqueid. */
  readonly Uniqueid: string;
  /** Caller number. */
  readonly CallerIDNum: string;
  /** Caller name. */
  readonly CallerIDName: string;
  /** Seconds waiting. */
  readonly Wait: string;
  /** Connected line number. */
  readonly ConnectedLineNum?: string;
  /** Connected line name. */
  readonly ConnectedLineName?: string;
  /** Priority. */
  readonly Priority?: string;
}

/** Fields of the `QueueStatusComplete` event: queueStatus list end. */
export interface QueueStatusCompleteFields {
  /** `Complete`. */
  readonly EventList: string;
  /** Number of items. */
  readonly ListItems: string;
}

/** Fields of the `QueueSummary` event: queueSummary list item. */
export interface QueueSummaryFields {
  /** Queue name. */
  readonly Queue: string;
  /** Members logged in. */
  readonly LoggedIn: string;
  /** Members available. */
  readonly Available: string;
  /** Callers waiting. */
  readonly Callers: string;
  /** Average hold seconds. */
  readonly HoldTime: string;
  /** Average talk seconds. */
  readonly TalkTime: string;
  /** Longest current wait. */
  readonly LongestHoldTime: string;
}

/** Fields of the `QueueSummaryComplete` event: queueSummary list end. */
export interface QueueSummaryCompleteFields {
  /** `Complete`. */
  readonly EventList: string;
  /** Number of items. */
  readonly ListItems: string;
}

/** Field types of every typed event, keyed by event name; every value is a verbatim string. */
export interface AmiEventFieldsMap {
  /** A channel was created. */
  Newchannel: NewchannelFields;
  /** A channel changed state (4 Ring, 5 Ringing, 6 Up). */
  Newstate: NewstateFields;
  /** A channel's caller ID changed (FreePBX rewrites it on outbound routes). */
  NewCallerid: NewCalleridFields;
  /** A channel's connected line changed. */
  NewConnectedLine: NewConnectedLineFields;
  /** A channel entered a dialplan priority. */
  Newexten: NewextenFields;
  /** A dial began; the caller block is absent for an originated call. */
  DialBegin: DialBeginFields;
  /** A dial progressed. */
  DialState: DialStateFields;
  /** A dial ended. */
  DialEnd: DialEndFields;
  /** A bridge was created. */
  BridgeCreate: BridgeCreateFields;
  /** A channel entered a bridge. */
  BridgeEnter: BridgeEnterFields;
  /** A channel left a bridge. */
  BridgeLeave: BridgeLeaveFields;
  /** A bridge was destroyed. */
  BridgeDestroy: BridgeDestroyFields;
  /** Two bridges merged. */
  BridgeMerge: BridgeMergeFields;
  /** A channel hung up. There is no Duration field (ami.md §4.4). */
  Hangup: HangupFields;
  /** A hangup was requested by the channel's own side. */
  HangupRequest: HangupRequestFields;
  /** A soft hangup was requested. */
  SoftHangupRequest: SoftHangupRequestFields;
  /** A CDR (cdr_manager; disabled by default in Asterisk). No Linkedid unless mapped. */
  Cdr: CdrFields;
  /** A channel event log record (cel_manager). */
  CEL: CELFields;
  /** A variable was set (channel fields absent for globals). */
  VarSet: VarSetFields;
  /** A caller joined a queue. */
  QueueCallerJoin: QueueCallerJoinFields;
  /** A caller left a queue. */
  QueueCallerLeave: QueueCallerLeaveFields;
  /** A caller hung up while waiting in a queue. */
  QueueCallerAbandon: QueueCallerAbandonFields;
  /** A queue member is rung. */
  AgentCalled: AgentCalledFields;
  /** A queue member answered. */
  AgentConnect: AgentConnectFields;
  /** A queue call with a member ended. */
  AgentComplete: AgentCompleteFields;
  /** A queue member did not answer. */
  AgentRingNoAnswer: AgentRingNoAnswerFields;
  /** A blind transfer happened. */
  BlindTransfer: BlindTransferFields;
  /** An attended transfer happened. */
  AttendedTransfer: AttendedTransferFields;
  /** A channel put its peer on hold. */
  Hold: HoldFields;
  /** A channel took its peer off hold. */
  Unhold: UnholdFields;
  /** Music on hold started on a channel. */
  MusicOnHoldStart: MusicOnHoldStartFields;
  /** Music on hold stopped on a channel. */
  MusicOnHoldStop: MusicOnHoldStopFields;
  /** The two halves of a Local channel were bridged. */
  LocalBridge: LocalBridgeFields;
  /** A Local channel pair starts optimizing away. */
  LocalOptimizationBegin: LocalOptimizationBeginFields;
  /** A Local channel pair finished optimizing away. */
  LocalOptimizationEnd: LocalOptimizationEndFields;
  /** The result of an async Originate (correlated by ActionID). */
  OriginateResponse: OriginateResponseFields;
  /** A dialplan hint changed state. */
  ExtensionStatus: ExtensionStatusFields;
  /** A device changed state. */
  DeviceStateChange: DeviceStateChangeFields;
  /** Asterisk finished booting; also sent right after a successful Login. */
  FullyBooted: FullyBootedFields;
  /** CoreShowChannels list item. */
  CoreShowChannel: CoreShowChannelFields;
  /** CoreShowChannels list end. */
  CoreShowChannelsComplete: CoreShowChannelsCompleteFields;
  /** Status list item. */
  Status: StatusFields;
  /** Status list end. */
  StatusComplete: StatusCompleteFields;
  /** PJSIPShowEndpoints list item. */
  EndpointList: EndpointListFields;
  /** PJSIPShowEndpoints list end. */
  EndpointListComplete: EndpointListCompleteFields;
  /** QueueStatus: queue parameters. */
  QueueParams: QueueParamsFields;
  /** QueueStatus: one member. */
  QueueMember: QueueMemberFields;
  /** QueueStatus: one waiting caller. */
  QueueEntry: QueueEntryFields;
  /** QueueStatus list end. */
  QueueStatusComplete: QueueStatusCompleteFields;
  /** QueueSummary list item. */
  QueueSummary: QueueSummaryFields;
  /** QueueSummary list end. */
  QueueSummaryComplete: QueueSummaryCompleteFields;
}
