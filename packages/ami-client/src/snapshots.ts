// Generated from the channel/bridge snapshot layout of main/manager_channels.c
// (ast_manager_build_channel_state_string_prefix, ast_manager_build_bridge_state_string_prefix).
// Every value is the header's verbatim string.

/** Channel snapshot of the channel. */
export interface ChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a`. */
  readonly Channel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up). */
  readonly ChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`). */
  readonly ChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty). */
  readonly CallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty). */
  readonly CallerIDName: string;
  /** Connected line number (`<unknown>` when empty). */
  readonly ConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty). */
  readonly ConnectedLineName: string;
  /** Channel language. */
  readonly Language: string;
  /** Account code (often empty). */
  readonly AccountCode: string;
  /** Current dialplan context. */
  readonly Context: string;
  /** Current dialplan extension (`s` inside FreePBX macros). */
  readonly Exten: string;
  /** Current dialplan priority. */
  readonly Priority: string;
  /** Unique id of the channel (opaque string, never a number). */
  readonly Uniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls). */
  readonly Linkedid: string;
  /** Tenant id (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly Tenantid?: string;
}

/** Channel snapshot of the dialed / destination channel. */
export interface DestChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the dialed / destination channel. */
  readonly DestChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the dialed / destination channel. */
  readonly DestChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the dialed / destination channel. */
  readonly DestChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the dialed / destination channel. */
  readonly DestCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the dialed / destination channel. */
  readonly DestCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the dialed / destination channel. */
  readonly DestConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the dialed / destination channel. */
  readonly DestConnectedLineName: string;
  /** Channel language of the dialed / destination channel. */
  readonly DestLanguage: string;
  /** Account code (often empty) of the dialed / destination channel. */
  readonly DestAccountCode: string;
  /** Current dialplan context of the dialed / destination channel. */
  readonly DestContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the dialed / destination channel. */
  readonly DestExten: string;
  /** Current dialplan priority of the dialed / destination channel. */
  readonly DestPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the dialed / destination channel. */
  readonly DestUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the dialed / destination channel. */
  readonly DestLinkedid: string;
  /** Tenant id of the dialed / destination channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly DestTenantid?: string;
}

/** Channel snapshot of the transferring channel. */
export interface TransfererChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferring channel. */
  readonly TransfererChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferring channel. */
  readonly TransfererChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferring channel. */
  readonly TransfererChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferring channel. */
  readonly TransfererCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferring channel. */
  readonly TransfererCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the transferring channel. */
  readonly TransfererConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the transferring channel. */
  readonly TransfererConnectedLineName: string;
  /** Channel language of the transferring channel. */
  readonly TransfererLanguage: string;
  /** Account code (often empty) of the transferring channel. */
  readonly TransfererAccountCode: string;
  /** Current dialplan context of the transferring channel. */
  readonly TransfererContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferring channel. */
  readonly TransfererExten: string;
  /** Current dialplan priority of the transferring channel. */
  readonly TransfererPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the transferring channel. */
  readonly TransfererUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferring channel. */
  readonly TransfererLinkedid: string;
  /** Tenant id of the transferring channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly TransfererTenantid?: string;
}

/** Channel snapshot of the transferred party's channel. */
export interface TransfereeChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferred party's channel. */
  readonly TransfereeChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferred party's channel. */
  readonly TransfereeChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferred party's channel. */
  readonly TransfereeChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeConnectedLineName: string;
  /** Channel language of the transferred party's channel. */
  readonly TransfereeLanguage: string;
  /** Account code (often empty) of the transferred party's channel. */
  readonly TransfereeAccountCode: string;
  /** Current dialplan context of the transferred party's channel. */
  readonly TransfereeContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferred party's channel. */
  readonly TransfereeExten: string;
  /** Current dialplan priority of the transferred party's channel. */
  readonly TransfereePriority: string;
  /** Unique id of the channel (opaque string, never a number) of the transferred party's channel. */
  readonly TransfereeUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferred party's channel. */
  readonly TransfereeLinkedid: string;
  /** Tenant id of the transferred party's channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly TransfereeTenantid?: string;
}

/** Channel snapshot of the transferer's channel in the original call. */
export interface OrigTransfererChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferer's channel in the original call. */
  readonly OrigTransfererChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferer's channel in the original call. */
  readonly OrigTransfererChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferer's channel in the original call. */
  readonly OrigTransfererChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferer's channel in the original call. */
  readonly OrigTransfererCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferer's channel in the original call. */
  readonly OrigTransfererCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the transferer's channel in the original call. */
  readonly OrigTransfererConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the transferer's channel in the original call. */
  readonly OrigTransfererConnectedLineName: string;
  /** Channel language of the transferer's channel in the original call. */
  readonly OrigTransfererLanguage: string;
  /** Account code (often empty) of the transferer's channel in the original call. */
  readonly OrigTransfererAccountCode: string;
  /** Current dialplan context of the transferer's channel in the original call. */
  readonly OrigTransfererContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferer's channel in the original call. */
  readonly OrigTransfererExten: string;
  /** Current dialplan priority of the transferer's channel in the original call. */
  readonly OrigTransfererPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the transferer's channel in the original call. */
  readonly OrigTransfererUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferer's channel in the original call. */
  readonly OrigTransfererLinkedid: string;
  /** Tenant id of the transferer's channel in the original call (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly OrigTransfererTenantid?: string;
}

/** Channel snapshot of the transferer's channel in the consult call. */
export interface SecondTransfererChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferer's channel in the consult call. */
  readonly SecondTransfererChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferer's channel in the consult call. */
  readonly SecondTransfererChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferer's channel in the consult call. */
  readonly SecondTransfererChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererConnectedLineName: string;
  /** Channel language of the transferer's channel in the consult call. */
  readonly SecondTransfererLanguage: string;
  /** Account code (often empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererAccountCode: string;
  /** Current dialplan context of the transferer's channel in the consult call. */
  readonly SecondTransfererContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferer's channel in the consult call. */
  readonly SecondTransfererExten: string;
  /** Current dialplan priority of the transferer's channel in the consult call. */
  readonly SecondTransfererPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the transferer's channel in the consult call. */
  readonly SecondTransfererUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferer's channel in the consult call. */
  readonly SecondTransfererLinkedid: string;
  /** Tenant id of the transferer's channel in the consult call (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly SecondTransfererTenantid?: string;
}

/** Channel snapshot of the transfer target's channel. */
export interface TransferTargetChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transfer target's channel. */
  readonly TransferTargetChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transfer target's channel. */
  readonly TransferTargetChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transfer target's channel. */
  readonly TransferTargetChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetConnectedLineName: string;
  /** Channel language of the transfer target's channel. */
  readonly TransferTargetLanguage: string;
  /** Account code (often empty) of the transfer target's channel. */
  readonly TransferTargetAccountCode: string;
  /** Current dialplan context of the transfer target's channel. */
  readonly TransferTargetContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transfer target's channel. */
  readonly TransferTargetExten: string;
  /** Current dialplan priority of the transfer target's channel. */
  readonly TransferTargetPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the transfer target's channel. */
  readonly TransferTargetUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transfer target's channel. */
  readonly TransferTargetLinkedid: string;
  /** Tenant id of the transfer target's channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly TransferTargetTenantid?: string;
}

/** Channel snapshot of the `;1` half of the Local channel. */
export interface LocalOneChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the `;1` half of the Local channel. */
  readonly LocalOneChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the `;1` half of the Local channel. */
  readonly LocalOneChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the `;1` half of the Local channel. */
  readonly LocalOneChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the `;1` half of the Local channel. */
  readonly LocalOneCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the `;1` half of the Local channel. */
  readonly LocalOneCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the `;1` half of the Local channel. */
  readonly LocalOneConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the `;1` half of the Local channel. */
  readonly LocalOneConnectedLineName: string;
  /** Channel language of the `;1` half of the Local channel. */
  readonly LocalOneLanguage: string;
  /** Account code (often empty) of the `;1` half of the Local channel. */
  readonly LocalOneAccountCode: string;
  /** Current dialplan context of the `;1` half of the Local channel. */
  readonly LocalOneContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the `;1` half of the Local channel. */
  readonly LocalOneExten: string;
  /** Current dialplan priority of the `;1` half of the Local channel. */
  readonly LocalOnePriority: string;
  /** Unique id of the channel (opaque string, never a number) of the `;1` half of the Local channel. */
  readonly LocalOneUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the `;1` half of the Local channel. */
  readonly LocalOneLinkedid: string;
  /** Tenant id of the `;1` half of the Local channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly LocalOneTenantid?: string;
}

/** Channel snapshot of the `;2` half of the Local channel. */
export interface LocalTwoChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the `;2` half of the Local channel. */
  readonly LocalTwoChannel: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the `;2` half of the Local channel. */
  readonly LocalTwoChannelState: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the `;2` half of the Local channel. */
  readonly LocalTwoChannelStateDesc: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the `;2` half of the Local channel. */
  readonly LocalTwoCallerIDNum: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the `;2` half of the Local channel. */
  readonly LocalTwoCallerIDName: string;
  /** Connected line number (`<unknown>` when empty) of the `;2` half of the Local channel. */
  readonly LocalTwoConnectedLineNum: string;
  /** Connected line name (`<unknown>` when empty) of the `;2` half of the Local channel. */
  readonly LocalTwoConnectedLineName: string;
  /** Channel language of the `;2` half of the Local channel. */
  readonly LocalTwoLanguage: string;
  /** Account code (often empty) of the `;2` half of the Local channel. */
  readonly LocalTwoAccountCode: string;
  /** Current dialplan context of the `;2` half of the Local channel. */
  readonly LocalTwoContext: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the `;2` half of the Local channel. */
  readonly LocalTwoExten: string;
  /** Current dialplan priority of the `;2` half of the Local channel. */
  readonly LocalTwoPriority: string;
  /** Unique id of the channel (opaque string, never a number) of the `;2` half of the Local channel. */
  readonly LocalTwoUniqueid: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the `;2` half of the Local channel. */
  readonly LocalTwoLinkedid: string;
  /** Tenant id of the `;2` half of the Local channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly LocalTwoTenantid?: string;
}

/** Optional channel snapshot of the channel (absent, e.g. for an originated call). */
export interface OptionalChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a`. */
  readonly Channel?: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up). */
  readonly ChannelState?: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`). */
  readonly ChannelStateDesc?: string;
  /** Caller ID number, verbatim (`<unknown>` when empty). */
  readonly CallerIDNum?: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty). */
  readonly CallerIDName?: string;
  /** Connected line number (`<unknown>` when empty). */
  readonly ConnectedLineNum?: string;
  /** Connected line name (`<unknown>` when empty). */
  readonly ConnectedLineName?: string;
  /** Channel language. */
  readonly Language?: string;
  /** Account code (often empty). */
  readonly AccountCode?: string;
  /** Current dialplan context. */
  readonly Context?: string;
  /** Current dialplan extension (`s` inside FreePBX macros). */
  readonly Exten?: string;
  /** Current dialplan priority. */
  readonly Priority?: string;
  /** Unique id of the channel (opaque string, never a number). */
  readonly Uniqueid?: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls). */
  readonly Linkedid?: string;
  /** Tenant id (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly Tenantid?: string;
}

/** Optional channel snapshot of the transferred party's channel (absent, e.g. for an originated call). */
export interface OptionalTransfereeChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferred party's channel. */
  readonly TransfereeChannel?: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferred party's channel. */
  readonly TransfereeChannelState?: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferred party's channel. */
  readonly TransfereeChannelStateDesc?: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeCallerIDNum?: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeCallerIDName?: string;
  /** Connected line number (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeConnectedLineNum?: string;
  /** Connected line name (`<unknown>` when empty) of the transferred party's channel. */
  readonly TransfereeConnectedLineName?: string;
  /** Channel language of the transferred party's channel. */
  readonly TransfereeLanguage?: string;
  /** Account code (often empty) of the transferred party's channel. */
  readonly TransfereeAccountCode?: string;
  /** Current dialplan context of the transferred party's channel. */
  readonly TransfereeContext?: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferred party's channel. */
  readonly TransfereeExten?: string;
  /** Current dialplan priority of the transferred party's channel. */
  readonly TransfereePriority?: string;
  /** Unique id of the channel (opaque string, never a number) of the transferred party's channel. */
  readonly TransfereeUniqueid?: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferred party's channel. */
  readonly TransfereeLinkedid?: string;
  /** Tenant id of the transferred party's channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly TransfereeTenantid?: string;
}

/** Optional channel snapshot of the transferer's channel in the consult call (absent, e.g. for an originated call). */
export interface OptionalSecondTransfererChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transferer's channel in the consult call. */
  readonly SecondTransfererChannel?: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transferer's channel in the consult call. */
  readonly SecondTransfererChannelState?: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transferer's channel in the consult call. */
  readonly SecondTransfererChannelStateDesc?: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererCallerIDNum?: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererCallerIDName?: string;
  /** Connected line number (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererConnectedLineNum?: string;
  /** Connected line name (`<unknown>` when empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererConnectedLineName?: string;
  /** Channel language of the transferer's channel in the consult call. */
  readonly SecondTransfererLanguage?: string;
  /** Account code (often empty) of the transferer's channel in the consult call. */
  readonly SecondTransfererAccountCode?: string;
  /** Current dialplan context of the transferer's channel in the consult call. */
  readonly SecondTransfererContext?: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transferer's channel in the consult call. */
  readonly SecondTransfererExten?: string;
  /** Current dialplan priority of the transferer's channel in the consult call. */
  readonly SecondTransfererPriority?: string;
  /** Unique id of the channel (opaque string, never a number) of the transferer's channel in the consult call. */
  readonly SecondTransfererUniqueid?: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transferer's channel in the consult call. */
  readonly SecondTransfererLinkedid?: string;
  /** Tenant id of the transferer's channel in the consult call (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly SecondTransfererTenantid?: string;
}

/** Optional channel snapshot of the transfer target's channel (absent, e.g. for an originated call). */
export interface OptionalTransferTargetChannelSnapshot {
  /** Channel name, e.g. `PJSIP/101-0000023a` of the transfer target's channel. */
  readonly TransferTargetChannel?: string;
  /** Numeric channel state (0 Down, 4 Ring, 5 Ringing, 6 Up) of the transfer target's channel. */
  readonly TransferTargetChannelState?: string;
  /** Channel state as text (`Down`, `Ring`, `Ringing`, `Up`) of the transfer target's channel. */
  readonly TransferTargetChannelStateDesc?: string;
  /** Caller ID number, verbatim (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetCallerIDNum?: string;
  /** Caller ID name, verbatim UTF-8 (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetCallerIDName?: string;
  /** Connected line number (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetConnectedLineNum?: string;
  /** Connected line name (`<unknown>` when empty) of the transfer target's channel. */
  readonly TransferTargetConnectedLineName?: string;
  /** Channel language of the transfer target's channel. */
  readonly TransferTargetLanguage?: string;
  /** Account code (often empty) of the transfer target's channel. */
  readonly TransferTargetAccountCode?: string;
  /** Current dialplan context of the transfer target's channel. */
  readonly TransferTargetContext?: string;
  /** Current dialplan extension (`s` inside FreePBX macros) of the transfer target's channel. */
  readonly TransferTargetExten?: string;
  /** Current dialplan priority of the transfer target's channel. */
  readonly TransferTargetPriority?: string;
  /** Unique id of the channel (opaque string, never a number) of the transfer target's channel. */
  readonly TransferTargetUniqueid?: string;
  /** Uniqueid of the oldest channel of the call (changes when bridges merge calls) of the transfer target's channel. */
  readonly TransferTargetLinkedid?: string;
  /** Tenant id of the transfer target's channel (Asterisk 20.10 / 21.5 / 22.0 and later, when set). */
  readonly TransferTargetTenantid?: string;
}

/** Bridge snapshot of the bridge. */
export interface BridgeSnapshot {
  /** Bridge id. */
  readonly BridgeUniqueid: string;
  /** Bridge type (`basic`, `holding`). */
  readonly BridgeType: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`). */
  readonly BridgeTechnology: string;
  /** Bridge creator (`<unknown>` usually). */
  readonly BridgeCreator: string;
  /** Bridge name. */
  readonly BridgeName: string;
  /** Channels in the bridge. */
  readonly BridgeNumChannels: string;
  /** Video source mode. */
  readonly BridgeVideoSourceMode: string;
}

/** Bridge snapshot of the original call's bridge. */
export interface OrigBridgeSnapshot {
  /** Bridge id of the original call's bridge. */
  readonly OrigBridgeUniqueid: string;
  /** Bridge type (`basic`, `holding`) of the original call's bridge. */
  readonly OrigBridgeType: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the original call's bridge. */
  readonly OrigBridgeTechnology: string;
  /** Bridge creator (`<unknown>` usually) of the original call's bridge. */
  readonly OrigBridgeCreator: string;
  /** Bridge name of the original call's bridge. */
  readonly OrigBridgeName: string;
  /** Channels in the bridge of the original call's bridge. */
  readonly OrigBridgeNumChannels: string;
  /** Video source mode of the original call's bridge. */
  readonly OrigBridgeVideoSourceMode: string;
}

/** Bridge snapshot of the consult call's bridge. */
export interface SecondBridgeSnapshot {
  /** Bridge id of the consult call's bridge. */
  readonly SecondBridgeUniqueid: string;
  /** Bridge type (`basic`, `holding`) of the consult call's bridge. */
  readonly SecondBridgeType: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the consult call's bridge. */
  readonly SecondBridgeTechnology: string;
  /** Bridge creator (`<unknown>` usually) of the consult call's bridge. */
  readonly SecondBridgeCreator: string;
  /** Bridge name of the consult call's bridge. */
  readonly SecondBridgeName: string;
  /** Channels in the bridge of the consult call's bridge. */
  readonly SecondBridgeNumChannels: string;
  /** Video source mode of the consult call's bridge. */
  readonly SecondBridgeVideoSourceMode: string;
}

/** Bridge snapshot of the surviving bridge. */
export interface ToBridgeSnapshot {
  /** Bridge id of the surviving bridge. */
  readonly ToBridgeUniqueid: string;
  /** Bridge type (`basic`, `holding`) of the surviving bridge. */
  readonly ToBridgeType: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the surviving bridge. */
  readonly ToBridgeTechnology: string;
  /** Bridge creator (`<unknown>` usually) of the surviving bridge. */
  readonly ToBridgeCreator: string;
  /** Bridge name of the surviving bridge. */
  readonly ToBridgeName: string;
  /** Channels in the bridge of the surviving bridge. */
  readonly ToBridgeNumChannels: string;
  /** Video source mode of the surviving bridge. */
  readonly ToBridgeVideoSourceMode: string;
}

/** Bridge snapshot of the merged-away bridge. */
export interface FromBridgeSnapshot {
  /** Bridge id of the merged-away bridge. */
  readonly FromBridgeUniqueid: string;
  /** Bridge type (`basic`, `holding`) of the merged-away bridge. */
  readonly FromBridgeType: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the merged-away bridge. */
  readonly FromBridgeTechnology: string;
  /** Bridge creator (`<unknown>` usually) of the merged-away bridge. */
  readonly FromBridgeCreator: string;
  /** Bridge name of the merged-away bridge. */
  readonly FromBridgeName: string;
  /** Channels in the bridge of the merged-away bridge. */
  readonly FromBridgeNumChannels: string;
  /** Video source mode of the merged-away bridge. */
  readonly FromBridgeVideoSourceMode: string;
}

/** Optional bridge snapshot of the bridge (absent, e.g. for an originated call). */
export interface OptionalBridgeSnapshot {
  /** Bridge id. */
  readonly BridgeUniqueid?: string;
  /** Bridge type (`basic`, `holding`). */
  readonly BridgeType?: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`). */
  readonly BridgeTechnology?: string;
  /** Bridge creator (`<unknown>` usually). */
  readonly BridgeCreator?: string;
  /** Bridge name. */
  readonly BridgeName?: string;
  /** Channels in the bridge. */
  readonly BridgeNumChannels?: string;
  /** Video source mode. */
  readonly BridgeVideoSourceMode?: string;
}

/** Optional bridge snapshot of the original call's bridge (absent, e.g. for an originated call). */
export interface OptionalOrigBridgeSnapshot {
  /** Bridge id of the original call's bridge. */
  readonly OrigBridgeUniqueid?: string;
  /** Bridge type (`basic`, `holding`) of the original call's bridge. */
  readonly OrigBridgeType?: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the original call's bridge. */
  readonly OrigBridgeTechnology?: string;
  /** Bridge creator (`<unknown>` usually) of the original call's bridge. */
  readonly OrigBridgeCreator?: string;
  /** Bridge name of the original call's bridge. */
  readonly OrigBridgeName?: string;
  /** Channels in the bridge of the original call's bridge. */
  readonly OrigBridgeNumChannels?: string;
  /** Video source mode of the original call's bridge. */
  readonly OrigBridgeVideoSourceMode?: string;
}

/** Optional bridge snapshot of the consult call's bridge (absent, e.g. for an originated call). */
export interface OptionalSecondBridgeSnapshot {
  /** Bridge id of the consult call's bridge. */
  readonly SecondBridgeUniqueid?: string;
  /** Bridge type (`basic`, `holding`) of the consult call's bridge. */
  readonly SecondBridgeType?: string;
  /** Bridge technology (`simple_bridge`, `native_rtp`) of the consult call's bridge. */
  readonly SecondBridgeTechnology?: string;
  /** Bridge creator (`<unknown>` usually) of the consult call's bridge. */
  readonly SecondBridgeCreator?: string;
  /** Bridge name of the consult call's bridge. */
  readonly SecondBridgeName?: string;
  /** Channels in the bridge of the consult call's bridge. */
  readonly SecondBridgeNumChannels?: string;
  /** Video source mode of the consult call's bridge. */
  readonly SecondBridgeVideoSourceMode?: string;
}
