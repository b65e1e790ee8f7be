import { formatPbxTime } from '../decode/pbx-time.js';

/** Timing shared by every scenario (seconds of virtual time). */
export interface ScenarioTiming {
  /** Seconds the callee rings. @defaultValue 4 */
  ringSeconds?: number;
  /** Seconds of conversation. @defaultValue 30 */
  talkSeconds?: number;
}

/** Outcome of a call to an external number. */
export type OutboundOutcome = 'answered' | 'busy' | 'no-answer' | 'failed';

/** A scripted call; the fake server emits its events in the order a real P-Series PBX does (research §1.8). */
export type CallScenario = ScenarioTiming &
  (
    | {
        /** Call from outside through a trunk to one or more extensions (ring group when several). */
        kind: 'inbound';
        /** Caller number. */
        from: string;
        /** Dialled number / DID. @defaultValue the first extension */
        to?: string;
        /** Trunk name. @defaultValue 'trunk1' */
        trunk?: string;
        /** Extensions that ring. */
        extensions: string[];
        /** Extension that answers; unset = missed (caller gives up: 487 Request Terminated). */
        answeredBy?: string;
        /** Unanswered calls end in voicemail instead of the caller hanging up. */
        voicemail?: boolean;
        /** Trunk has Control Inbound Call (emits 30016). */
        controlled?: boolean;
      }
    | {
        /** Call from an extension to an external number. */
        kind: 'outbound';
        /** Calling extension. */
        extension: string;
        /** External number. */
        to: string;
        /** Trunk name. @defaultValue 'trunk1' */
        trunk?: string;
        /** Outcome. @defaultValue 'answered' */
        outcome?: OutboundOutcome;
      }
    | {
        /** Extension to extension. */
        kind: 'internal';
        /** Calling extension. */
        from: string;
        /** Called extension. */
        to: string;
        /** Whether the callee answers. @defaultValue true */
        answered?: boolean;
      }
    | {
        /** Inbound call answered by `extension`, then blind-transferred to `transferTo`. */
        kind: 'transfer';
        /** Caller number. */
        from: string;
        /** Extension that answers first. */
        extension: string;
        /** Transfer target extension. */
        transferTo: string;
        /** Trunk name. @defaultValue 'trunk1' */
        trunk?: string;
      }
    | {
        /** Internal call forwarded on no answer from `to` to `forwardTo` (one call id, two CDRs). */
        kind: 'forward';
        /** Calling extension. */
        from: string;
        /** Extension that does not answer. */
        to: string;
        /** Extension the call is forwarded to, which answers. */
        forwardTo: string;
      }
    | {
        /** Click-to-call (`call/dial`): the caller's extension rings first, then the callee. */
        kind: 'dial';
        /** Caller extension. */
        caller: string;
        /** Callee: an extension (internal) or an external number (outbound). */
        callee: string;
        /** Whether `callee` is an extension. @defaultValue false */
        calleeIsExtension?: boolean;
        /** Outcome of the callee leg. @defaultValue 'answered' */
        outcome?: OutboundOutcome;
        /** Trunk name. @defaultValue 'trunk1' */
        trunk?: string;
        /** Seconds until the caller picks up their own ringing phone. @defaultValue 2 */
        callerAnswerSeconds?: number;
      }
  );

/** One scheduled event of a scenario. */
export interface ScenarioStep {
  /** Offset from the call start (ms of virtual time). */
  atMs: number;
  /** Event id. */
  type: number;
  /** The `msg` object (sent as a JSON string by default). */
  msg: Record<string, unknown>;
}

/** What a scenario needs from the server. */
export interface ScenarioContext {
  /** `call_id` (`<epoch>.<seq>`). */
  callId: string;
  /** Call start (ms since epoch, virtual). */
  startMs: number;
  /** PBX time zone, for CDR `time_start`. */
  timeZone: string;
  /** Channel id for an extension or trunk leg. */
  channel: (name: string, trunk?: boolean) => string;
}

type Wire = Record<string, unknown>;

/** Builds the ordered event steps of a scenario. Pure: same input, same output. */
export function buildScenario(scenario: CallScenario, ctx: ScenarioContext): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  const ring = (scenario.ringSeconds ?? 4) * 1000;
  const talk = (scenario.talkSeconds ?? 30) * 1000;
  const chans = new Map<string, string>();
  const chan = (name: string, trunk = false) => {
    const key = `${trunk ? 't:' : ''}${name}`;
    let c = chans.get(key);
    if (!c) {
      c = ctx.channel(name, trunk);
      chans.set(key, c);
    }
    return c;
  };
  const at = (ms: number, type: number, msg: Wire) => steps.push({ atMs: Math.round(ms), type, msg });
  const ext = (number: string, status: string): Wire => ({
    extension: { number, channel_id: chan(number), member_status: status, call_path: '' },
  });
  const trunkMember = (
    dir: 'inbound' | 'outbound',
    from: string,
    to: string,
    trunk: string,
    status: string,
  ): Wire => ({
    [dir]: {
      from,
      to,
      trunk_name: trunk,
      channel_id: chan(trunk, true),
      member_status: status,
      call_path: '',
    },
  });
  const state = (ms: number, members: Wire[]) => at(ms, 30011, { call_id: ctx.callId, members });
  const extStatus = (ms: number, extension: string, status: 'Ringing' | 'Busy' | 'Idle') =>
    at(ms, 30008, { extension, status });
  const failed = (ms: number, reason: string, members: Wire[] | null) =>
    at(ms, 30015, { call_id: ctx.callId, reason, members });
  let cdrSeq = 0;
  const cdr = (
    ms: number,
    c: {
      offsetMs?: number;
      from: string;
      to: string;
      durMs: number;
      talkMs: number;
      status: string;
      type: string;
      srcTrunk?: string;
      dstTrunk?: string;
      did?: string;
    },
  ) => {
    const start = ctx.startMs + (c.offsetMs ?? 0);
    const timeStart = formatPbxTime(new Date(start), ctx.timeZone);
    const stamp = formatPbxTime(new Date(start + (c.durMs - c.talkMs)), ctx.timeZone).replace(/\D/g, '');
    at(ms, 30012, {
      call_id: ctx.callId,
      time_start: timeStart,
      call_from: c.from,
      call_to: c.to,
      call_duration: Math.round(c.durMs / 1000),
      talk_duration: Math.round(c.talkMs / 1000),
      src_trunk_name: c.srcTrunk ?? '',
      dst_trunk_name: c.dstTrunk ?? '',
      pin_code: '',
      status: c.status,
      type: c.type,
      recording: c.status === 'ANSWERED' ? `${stamp}-${ctx.callId}-${c.from}-${c.to}-${c.type}.wav` : '',
      did_number: c.did ?? '',
      agent_ring_time: 0,
      uid: `${ctx.callId.replace('.', '')}${String(++cdrSeq).padStart(2, '0')}`,
    });
  };

  switch (scenario.kind) {
    case 'inbound': {
      const trunk = scenario.trunk ?? 'trunk1';
      const to = scenario.to ?? scenario.extensions[0] ?? '';
      const inb = (s: string) => trunkMember('inbound', scenario.from, to, trunk, s);
      state(0, [inb('ALERT')]);
      if (scenario.controlled) at(50, 30016, { call_id: ctx.callId, members: [inb('ALERT')] });
      state(300, [...scenario.extensions.map((e) => ext(e, 'RING')), inb('ALERT')]);
      for (const [i, e] of scenario.extensions.entries()) extStatus(320 + i, e, 'Ringing');
      const answerer = scenario.answeredBy;
      if (answerer) {
        const t = 300 + ring;
        state(t, [ext(answerer, 'ANSWER'), inb('ANSWERED')]);
        extStatus(t + 20, answerer, 'Busy');
        for (const e of scenario.extensions) if (e !== answerer) extStatus(t + 25, e, 'Idle');
        state(t + talk, [ext(answerer, 'BYE'), inb('BYE')]);
        extStatus(t + talk + 20, answerer, 'Idle');
        cdr(t + talk + 500, {
          from: scenario.from,
          to: answerer,
          durMs: t + talk,
          talkMs: talk,
          status: 'ANSWERED',
          type: 'Inbound',
          srcTrunk: trunk,
          did: scenario.to ?? '',
        });
      } else if (scenario.voicemail) {
        const t = 300 + ring;
        state(t, [...scenario.extensions.map((e) => ext(e, 'BYE')), inb('ANSWERED')]);
        for (const e of scenario.extensions) extStatus(t + 20, e, 'Idle');
        state(t + talk, [inb('BYE')]);
        cdr(t + talk + 500, {
          from: scenario.from,
          to: scenario.extensions[0] ?? to,
          durMs: t + talk,
          talkMs: talk,
          status: 'VOICEMAIL',
          type: 'Inbound',
          srcTrunk: trunk,
          did: scenario.to ?? '',
        });
      } else {
        // Replicates observed/inbound_missed_1702364968.127 (research §1.8): the caller hangs up while ringing.
        const t = 300 + ring;
        state(t, [...scenario.extensions.map((e) => ext(e, 'RING')), inb('BYE')]);
        failed(t + 10, '487 Request Terminated', [inb('BYE')]);
        for (const e of scenario.extensions) extStatus(t + 20, e, 'Idle');
        state(
          t + 40,
          scenario.extensions.map((e) => ext(e, 'BYE')),
        );
        cdr(t + 600, {
          from: scenario.from,
          to: scenario.extensions[0] ?? to,
          durMs: t,
          talkMs: 0,
          status: 'NO ANSWER',
          type: 'Inbound',
          srcTrunk: trunk,
          did: scenario.to ?? '',
        });
      }
      break;
    }
    case 'outbound':
    case 'dial': {
      const isDial = scenario.kind === 'dial';
      const caller = isDial ? scenario.caller : scenario.extension;
      const callee = isDial ? scenario.callee : scenario.to;
      const toExtension = isDial && scenario.calleeIsExtension === true;
      const trunk = scenario.trunk ?? 'trunk1';
      const outcome = scenario.outcome ?? 'answered';
      const other = (s: string) =>
        toExtension ? ext(callee, s) : trunkMember('outbound', caller, callee, trunk, s);
      // Click-to-call rings the caller's own phone first; once it answers, the callee is dialled.
      const callerUp = isDial ? Math.round((scenario.callerAnswerSeconds ?? 2) * 1000) : 0;
      const callerState = isDial ? 'ANSWER' : 'ALERT';
      if (isDial) {
        state(0, [ext(caller, 'RING')]);
        extStatus(20, caller, 'Ringing');
        state(callerUp, [ext(caller, 'ANSWER')]);
      } else state(0, [ext(caller, 'ALERT')]);
      extStatus(callerUp + 20, caller, 'Busy');
      const type = toExtension ? 'Internal' : 'Outbound';
      const base = { from: caller, to: callee, type, dstTrunk: toExtension ? '' : trunk };
      if (outcome === 'failed') {
        failed(callerUp + 400, '480 Temporatily Unavailable', [ext(caller, callerState)]);
        state(callerUp + 450, [ext(caller, 'BYE')]);
        extStatus(callerUp + 470, caller, 'Idle');
        cdr(callerUp + 900, { ...base, durMs: callerUp + 450, talkMs: 0, status: 'FAILED' });
        break;
      }
      if (outcome === 'busy') {
        // Observed: the caller leg shows ANSWERED although the CDR says BUSY (carrier announcement?).
        state(callerUp + 800, [ext(caller, isDial ? 'ANSWER' : 'ANSWERED')]);
        state(callerUp + 1500, [ext(caller, 'BYE')]);
        extStatus(callerUp + 1520, caller, 'Idle');
        cdr(callerUp + 1900, { ...base, durMs: callerUp + 1500, talkMs: 0, status: 'BUSY' });
        failed(callerUp + 1950, '486 Busy here', null);
        break;
      }
      state(callerUp + 300, [ext(caller, callerState), other('RING')]);
      if (toExtension) extStatus(callerUp + 320, callee, 'Ringing');
      const t = callerUp + 300 + ring;
      if (outcome === 'no-answer') {
        state(t, [ext(caller, 'BYE'), other('BYE')]);
        extStatus(t + 20, caller, 'Idle');
        if (toExtension) extStatus(t + 25, callee, 'Idle');
        cdr(t + 500, { ...base, durMs: t, talkMs: 0, status: 'NO ANSWER' });
        break;
      }
      state(t, [ext(caller, isDial ? 'ANSWER' : 'ANSWERED'), other('ANSWER')]);
      if (toExtension) extStatus(t + 20, callee, 'Busy');
      state(t + talk, [ext(caller, 'BYE'), other('BYE')]);
      extStatus(t + talk + 20, caller, 'Idle');
      if (toExtension) extStatus(t + talk + 25, callee, 'Idle');
      cdr(t + talk + 500, { ...base, durMs: t + talk, talkMs: talk, status: 'ANSWERED' });
      break;
    }
    case 'internal': {
      const { from, to } = scenario;
      state(0, [ext(from, 'ALERT'), ext(to, 'RING')]);
      extStatus(20, from, 'Busy');
      extStatus(25, to, 'Ringing');
      if (scenario.answered === false) {
        state(ring, [ext(from, 'BYE'), ext(to, 'RING')]);
        failed(ring + 10, '487 Request Terminated', [ext(from, 'BYE')]);
        extStatus(ring + 20, from, 'Idle');
        extStatus(ring + 25, to, 'Idle');
        state(ring + 40, [ext(to, 'BYE')]);
        cdr(ring + 600, { from, to, durMs: ring, talkMs: 0, status: 'NO ANSWER', type: 'Internal' });
        break;
      }
      state(ring, [ext(from, 'ANSWERED'), ext(to, 'ANSWER')]);
      extStatus(ring + 20, to, 'Busy');
      state(ring + talk, [ext(from, 'BYE'), ext(to, 'BYE')]);
      extStatus(ring + talk + 20, from, 'Idle');
      extStatus(ring + talk + 25, to, 'Idle');
      cdr(ring + talk + 500, {
        from,
        to,
        durMs: ring + talk,
        talkMs: talk,
        status: 'ANSWERED',
        type: 'Internal',
      });
      break;
    }
    case 'transfer': {
      const trunk = scenario.trunk ?? 'trunk1';
      const { from, extension: a, transferTo: b } = scenario;
      const inb = (s: string) => trunkMember('inbound', from, a, trunk, s);
      state(0, [inb('ALERT')]);
      state(300, [ext(a, 'RING'), inb('ALERT')]);
      extStatus(320, a, 'Ringing');
      const t1 = 300 + ring;
      state(t1, [ext(a, 'ANSWER'), inb('ANSWERED')]);
      extStatus(t1 + 20, a, 'Busy');
      const t2 = t1 + talk / 2;
      at(t2, 30013, {
        call_id: ctx.callId,
        type: 'blind',
        members: [ext(a, 'BYE'), inb('ANSWERED'), ext(b, 'RING')],
      });
      state(t2 + 10, [ext(b, 'RING'), inb('ANSWERED')]);
      extStatus(t2 + 20, a, 'Idle');
      extStatus(t2 + 25, b, 'Ringing');
      const t3 = t2 + ring;
      state(t3, [ext(b, 'ANSWER'), inb('ANSWERED')]);
      extStatus(t3 + 20, b, 'Busy');
      state(t3 + talk, [ext(b, 'BYE'), inb('BYE')]);
      extStatus(t3 + talk + 20, b, 'Idle');
      cdr(t3 + talk + 500, {
        from,
        to: a,
        durMs: t2,
        talkMs: t2 - t1,
        status: 'ANSWERED',
        type: 'Inbound',
        srcTrunk: trunk,
      });
      cdr(t3 + talk + 520, {
        offsetMs: t2,
        from,
        to: b,
        durMs: t3 + talk - t2,
        talkMs: talk,
        status: 'ANSWERED',
        type: 'Inbound',
        srcTrunk: trunk,
      });
      break;
    }
    case 'forward': {
      const { from, to, forwardTo } = scenario;
      state(0, [ext(from, 'ALERT'), ext(to, 'RING')]);
      extStatus(20, from, 'Busy');
      extStatus(25, to, 'Ringing');
      // Observed 30014 carries two extension members: the target (ALERT) and the forwarder (BYE).
      at(ring, 30014, { call_id: ctx.callId, members: [ext(forwardTo, 'ALERT'), ext(to, 'BYE')] });
      state(ring + 10, [ext(from, 'ALERT'), ext(forwardTo, 'RING')]);
      extStatus(ring + 20, to, 'Idle');
      extStatus(ring + 25, forwardTo, 'Ringing');
      const t = 2 * ring;
      state(t, [ext(from, 'ANSWERED'), ext(forwardTo, 'ANSWER')]);
      extStatus(t + 20, forwardTo, 'Busy');
      state(t + talk, [ext(from, 'BYE'), ext(forwardTo, 'BYE')]);
      extStatus(t + talk + 20, from, 'Idle');
      extStatus(t + talk + 25, forwardTo, 'Idle');
      cdr(t + talk + 500, { from, to, durMs: ring, talkMs: 0, status: 'NO ANSWER', type: 'Internal' });
      cdr(t + talk + 520, {
        offsetMs: ring,
        from,
        to: forwardTo,
        durMs: ring + talk,
        talkMs: talk,
        status: 'ANSWERED',
        type: 'Internal',
      });
      break;
    }
  }
  return steps.sort((x, y) => x.atMs - y.atMs);
}
