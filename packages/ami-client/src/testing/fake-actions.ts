import type { AmiMessage } from '../protocol/message.js';
import type { FakeAmiServerOptions, FakeReply } from './fake-ami-server.js';
import { CallScenarioBuilder } from './scenario-builder.js';
import type { CallScenario } from './scenario-types.js';
import type { Headers } from './wire.js';

/** What a built-in action handler may touch (the fake server's state). */
export interface FakeContext {
  options: FakeAmiServerOptions;
  channels: Map<string, { headers: Headers; since: number }>;
  vars: Map<string, string>;
  emitEvent(name: string, headers: Headers): void;
  play(scenario: CallScenario): Promise<void>;
}

/** The per-connection state a built-in handler may change. */
export interface FakeSession {
  events: boolean;
}

// Built-in behaviour of the fake AMI server, modelled on Asterisk 20 (test/fixtures/09_actions).
export function builtinReply(ctx: FakeContext, s: FakeSession, action: AmiMessage, name: string): FakeReply {
  switch (name) {
    case 'ping':
      return {
        response: [
          ['Ping', 'Pong'],
          ['Timestamp', (Date.now() / 1000).toFixed(6)],
        ],
      };
    case 'events':
      s.events = action.get('EventMask')?.toLowerCase() !== 'off';
      return { response: [['Events', s.events ? 'On' : 'Off']] };
    case 'filter':
      return { response: [['Message', 'Filter Added Successfully']] };
    case 'command':
      return command(ctx.options, action.get('Command') ?? '');
    case 'coreshowchannels':
      return {
        response: [['Message', 'Channels will follow']],
        list: [...ctx.channels.values()].map((c) => ({
          event: 'CoreShowChannel',
          headers: [
            ...c.headers,
            ['Application', 'Dial'],
            ['ApplicationData', ''],
            ['Duration', hms(Date.now() - c.since)],
            ['BridgeId', ''],
          ],
        })),
        complete: 'CoreShowChannelsComplete',
      };
    case 'status':
    case 'queuestatus':
    case 'queuesummary':
    case 'pjsipshowendpoints': {
      const complete = {
        status: 'StatusComplete',
        queuestatus: 'QueueStatusComplete',
        queuesummary: 'QueueSummaryComplete',
        pjsipshowendpoints: 'EndpointListComplete',
      }[name];
      return { response: [['Message', 'will follow']], list: [], complete };
    }
    case 'getvar': {
      const v = action.get('Variable') ?? '';
      return {
        response: [
          ['Variable', v],
          ['Value', ctx.vars.get(v) ?? ''],
        ],
      };
    }
    case 'setvar':
      ctx.vars.set(action.get('Variable') ?? '', action.get('Value') ?? '');
      return { response: [['Message', 'Variable Set']] };
    case 'hangup': {
      const ch = action.get('Channel') ?? '';
      return [...ctx.channels.values()].some((c) => c.headers.some(([k, v]) => k === 'Channel' && v === ch))
        ? { response: [['Message', 'Channel Hungup']] }
        : { status: 'Error', response: [['Message', 'No such channel']] };
    }
    case 'redirect':
      return { response: [['Message', 'Redirect successful']] };
    case 'blindtransfer':
    case 'atxfer':
      return { response: [['Message', 'Transfer started']] };
    case 'extensionstate':
      return {
        response: [
          ['Message', 'Extension Status'],
          ['Exten', action.get('Exten') ?? ''],
          ['Context', action.get('Context') ?? ''],
          ['Hint', `PJSIP/${action.get('Exten') ?? ''}`],
          ['Status', '0'],
          ['StatusText', 'Idle'],
        ],
      };
    case 'originate':
      return originate(ctx, action);
    default:
      return { status: 'Error', response: [['Message', 'Invalid/unknown command']] };
  }
}

function command(options: FakeAmiServerOptions, cmd: string): FakeReply {
  const lines = options.commands?.[cmd];
  if (lines === undefined) {
    return {
      status: 'Error',
      response: [
        ['Message', 'Command output follows'],
        ['Output', `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`],
      ],
    };
  }
  if (options.commandFormat === 'follows')
    return { status: 'Follows', response: lines.map((l) => ['Output', l]) };
  return {
    response: [['Message', 'Command output follows'], ...lines.map((l): [string, string] => ['Output', l])],
  };
}

function originate(ctx: FakeContext, action: AmiMessage): FakeReply {
  const channel = action.get('Channel') ?? '';
  const ext = /^(?:PJSIP|SIP|IAX2)\/([^@/]+)$/.exec(channel)?.[1];
  const known =
    ext !== undefined &&
    (ctx.options.extensions ? ctx.options.extensions.includes(ext) : /^\d{2,7}$/.test(ext));
  const id = action.actionId;
  if (action.get('Async')?.toLowerCase() !== 'true')
    return { status: 'Error', response: [['Message', 'Originate failed']] };
  if (!known) {
    setImmediate(() =>
      ctx.emitEvent('OriginateResponse', [
        ...(id ? ([['ActionID', id]] as Headers) : []),
        ['Response', 'Failure'],
        ['Channel', channel],
        ['Context', action.get('Context') ?? ''],
        ['Exten', action.get('Exten') ?? ''],
        ['Reason', '0'],
        ['Uniqueid', '<unknown>'],
        ['CallerIDNum', '<unknown>'],
        ['CallerIDName', '<unknown>'],
      ]),
    );
  } else {
    const { trunk, ...rest } = ctx.options.originate ?? {};
    const scenario = new CallScenarioBuilder({
      epoch: Math.floor(Date.now() / 1000),
      ...(trunk ? { trunk } : {}),
    })
      .clickToCall({
        ...rest,
        extension: ext,
        to: action.get('Exten') ?? '',
        ...(id ? { actionId: id } : {}),
      })
      .build();
    setImmediate(() => void ctx.play(scenario));
  }
  return { response: [['Message', 'Originate successfully queued']] };
}

function hms(ms: number): string {
  const s = Math.floor(ms / 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}
