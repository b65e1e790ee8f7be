/** Names of the AMI events this package types (see `AmiEventFieldsMap`); others are `unknown`. */
export const KNOWN_EVENT_NAMES = [
  'Newchannel',
  'Newstate',
  'NewCallerid',
  'NewConnectedLine',
  'Newexten',
  'DialBegin',
  'DialState',
  'DialEnd',
  'BridgeCreate',
  'BridgeEnter',
  'BridgeLeave',
  'BridgeDestroy',
  'BridgeMerge',
  'Hangup',
  'HangupRequest',
  'SoftHangupRequest',
  'Cdr',
  'CEL',
  'VarSet',
  'QueueCallerJoin',
  'QueueCallerLeave',
  'QueueCallerAbandon',
  'AgentCalled',
  'AgentConnect',
  'AgentComplete',
  'AgentRingNoAnswer',
  'BlindTransfer',
  'AttendedTransfer',
  'Hold',
  'Unhold',
  'MusicOnHoldStart',
  'MusicOnHoldStop',
  'LocalBridge',
  'LocalOptimizationBegin',
  'LocalOptimizationEnd',
  'OriginateResponse',
  'ExtensionStatus',
  'DeviceStateChange',
  'FullyBooted',
  'CoreShowChannel',
  'CoreShowChannelsComplete',
  'Status',
  'StatusComplete',
  'EndpointList',
  'EndpointListComplete',
  'QueueParams',
  'QueueMember',
  'QueueEntry',
  'QueueStatusComplete',
  'QueueSummary',
  'QueueSummaryComplete',
] as const;

/** A typed AMI event name. */
export type KnownEventName = (typeof KNOWN_EVENT_NAMES)[number];

const KNOWN: ReadonlySet<string> = new Set(KNOWN_EVENT_NAMES);

/** True when `name` is one of {@link KNOWN_EVENT_NAMES}. */
export function isKnownEventName(name: string): name is KnownEventName {
  return KNOWN.has(name);
}
