import type { CallDirection, CallDisposition, CallParty, CallTransfer } from '../tracker/types.js';
import type { ScenarioEvent } from './scenario-events.js';

export type { ScenarioEvent } from './scenario-events.js';

/** What the CallTracker should conclude for one scenario call. */
export interface ExpectedCall {
  /** Linkedid. */
  callId: string;
  /** Direction. */
  direction: CallDirection;
  /** Calling party (number only). */
  from: CallParty;
  /** Called party (DID / dialed number / extension). */
  to: CallParty;
  /** Internal party. */
  extension?: string;
  /** DID of inbound calls. */
  did?: string;
  /** Outcome. */
  disposition: CallDisposition;
  /** Seconds from the first channel to the answer (or end). */
  ringSeconds: number;
  /** Seconds from the answer to the end. */
  talkSeconds: number;
  /** Transfer kinds and targets. */
  transfers: Array<Pick<CallTransfer, 'kind' | 'to'>>;
}

/** A built scenario: a timeline of AMI events plus the calls it contains. */
export interface CallScenario {
  /** Events sorted by `at` (ms from the scenario start). */
  events: ScenarioEvent[];
  /** The calls, in start order. */
  calls: ExpectedCall[];
  /** `at` of the last event. */
  durationMs: number;
}

/** Options of {@link CallScenarioBuilder}. */
export interface CallScenarioBuilderOptions {
  /** Trunk endpoint name. @defaultValue 'trunk-pstn' */
  trunk?: string;
  /**
   * Epoch seconds that Uniqueids start from (the scenario's start).
   * @defaultValue the current time, so batches built later never reuse a Linkedid
   */
  epoch?: number;
  /**
   * First Uniqueid sequence number. By default builders share one process-wide counter, so two
   * builders (e.g. two click-to-calls in the same second) never produce the same Uniqueid; set it
   * for byte-identical output.
   */
  firstSeq?: number;
  /** Display names of extensions (their PJSIP `callerid`). */
  names?: Record<string, string>;
  /** Gap between sequential calls, ms. @defaultValue 1000 */
  gapMs?: number;
  /** Emit FreePBX dialplan noise (VarSet/Newexten). @defaultValue true */
  noise?: boolean;
}

/** How the called party responds. */
export type ScenarioOutcome = 'answered' | 'missed' | 'busy';
/** Timing options shared by every scenario call. */
export interface ScenarioTiming {
  /** Start (ms from the scenario start); default: after the previous call plus `gapMs`. */
  at?: number;
  /** Ring time of the called party, ms. @defaultValue 3000 */
  ringMs?: number;
  /** Talk time, ms. @defaultValue 5000 */
  talkMs?: number;
}

/** Inbound call from the PSTN to a DID that rings one extension. */
export interface InboundCallOptions extends ScenarioTiming {
  /** Caller number (verbatim, e.g. `+306974015758`). */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Extension that rings. */
  extension: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
  /** Who hangs up an answered call. @defaultValue 'caller' */
  hangupBy?: 'caller' | 'agent';
}
/** Outbound call from an extension through the trunk. */
export interface OutboundCallOptions extends ScenarioTiming {
  /** Calling extension. */
  extension: string;
  /** Dialed number. */
  to: string;
  /** Outbound caller ID the route sets (FreePBX rewrites CALLERID(num)). */
  callerIdNumber?: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
}
/** Extension-to-extension call. */
export interface InternalCallOptions extends ScenarioTiming {
  /** Calling extension. */
  from: string;
  /** Called extension. */
  to: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
}
/** Inbound call answered by `extension`, then transferred to `to`. */
export interface TransferCallOptions extends ScenarioTiming {
  /** Caller number. */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Extension that answers first and transfers. */
  extension: string;
  /** Transfer target extension. */
  to: string;
  /** Ring time of the transfer target, ms. @defaultValue 2000 */
  targetRingMs?: number;
  /** Talk time after the transfer, ms. @defaultValue 5000 */
  targetTalkMs?: number;
}
/** Inbound call into a ring-all queue whose members are FreePBX Local channels. */
export interface QueueCallOptions extends ScenarioTiming {
  /** Caller number. */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Queue number. */
  queue: string;
  /** Member extensions (rung all at once). */
  members: string[];
  /** The member who answers; omitted = the caller abandons after `ringMs`. */
  answeredBy?: string;
}
/** Click-to-call: Originate rings `extension`, then dials `to` through the trunk. */
export interface ClickToCallOptions extends ScenarioTiming {
  /** The agent's extension, rung first. */
  extension: string;
  /** The customer's number, dialed once the agent answers. */
  to: string;
  /** Ring time of the agent's phone, ms. @defaultValue 1500 */
  agentRingMs?: number;
  /** Agent outcome. @defaultValue 'answered' */
  agentOutcome?: ScenarioOutcome;
  /** Customer outcome. @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
  /** ActionID of the Originate (for the OriginateResponse). */
  actionId?: string;
  /** Caller ID shown on the agent's phone. */
  callerId?: string;
}

/** Options of {@link CallScenarioBuilder.randomCalls}: the pools calls are drawn from. */
export interface RandomCallsOptions {
  /** PRNG seed: the same seed gives the same calls. @defaultValue 1 */
  seed?: number;
  /** Internal extensions. @defaultValue ['101', '102', '103', '104'] */
  extensions?: string[];
  /** Inbound numbers (DIDs). @defaultValue ['2105551000'] */
  dids?: string[];
  /** External numbers (callers and callees). @defaultValue a few E.164 and national numbers */
  numbers?: string[];
  /** Caller display names (`undefined` entries = no name). */
  callerNames?: Array<string | undefined>;
  /** Queue number whose members are the first two extensions. @defaultValue '400' */
  queue?: string;
  /** Ring time range in ms. @defaultValue [1000, 8000] */
  ringMs?: [number, number];
  /** Talk time range in ms. @defaultValue [5000, 90000] */
  talkMs?: [number, number];
  /** Pause between calls in ms; calls overlap when it is below their length. @defaultValue [2000, 20000] */
  gapMs?: [number, number];
}
