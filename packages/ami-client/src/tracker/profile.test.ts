import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../protocol/message.js';
import { CallTrackerCore } from './core.js';
import { classifyChannel, parseChannelName, resolveProfile } from './profile.js';

const ev = (t: number, headers: Array<[string, string]>): AmiMessage => {
  const m = AmiMessage.fromHeaders(headers);
  m.receivedAt = t;
  return m;
};
const chan = (
  name: string,
  uid: string,
  linkedid: string,
  state: string,
  ctx: string,
  exten: string,
  cid = '<unknown>',
) =>
  [
    ['Channel', name],
    ['ChannelState', state],
    ['CallerIDNum', cid],
    ['CallerIDName', '<unknown>'],
    ['Context', ctx],
    ['Exten', exten],
    ['Uniqueid', uid],
    ['Linkedid', linkedid],
  ] as Array<[string, string]>;

describe('channel names and profiles', () => {
  it('parses PJSIP, SIP, DAHDI and Local channel names', () => {
    expect(parseChannelName('PJSIP/trunk-pstn-0000022d')).toEqual({ tech: 'PJSIP', resource: 'trunk-pstn' });
    expect(parseChannelName('SIP/101-00000001')).toEqual({ tech: 'SIP', resource: '101' });
    expect(parseChannelName('Local/102@from-queue-00000007;2')).toEqual({
      tech: 'Local',
      resource: '102',
      localPair: 'Local/102@from-queue-00000007',
      localHalf: 2,
      localContext: 'from-queue',
    });
  });

  it('classifies by configuration, not by guessing', () => {
    const freepbx = resolveProfile('freepbx');
    expect(classifyChannel(parseChannelName('PJSIP/sipgate-00000001'), 'from-pstn', freepbx)).toBe('trunk');
    expect(classifyChannel(parseChannelName('PJSIP/101-00000001'), 'from-internal', freepbx)).toBe(
      'extension',
    );
    expect(classifyChannel(parseChannelName('DAHDI/1-1'), 'from-pstn', freepbx)).toBe('trunk');
    const custom = resolveProfile({
      trunks: ['4930123'],
      extensions: ['alice', 'bob'],
      unknownEndpointsAreTrunks: false,
    });
    expect(classifyChannel(parseChannelName('PJSIP/4930123-00000001'), 'default', custom)).toBe('trunk');
    expect(classifyChannel(parseChannelName('PJSIP/alice-00000001'), 'default', custom)).toBe('extension');
    expect(classifyChannel(parseChannelName('PJSIP/carol-00000001'), 'default', custom)).toBe('other');
    expect(
      classifyChannel(parseChannelName('PJSIP/carol-00000001'), 'default', resolveProfile('generic')),
    ).toBe('other');
  });
});

describe('CallTrackerCore details', () => {
  it('a call that reaches voicemail is recorded as voicemail, with DID and recording from variables', () => {
    const core = new CallTrackerCore({ pbx: 'x' });
    const a = chan('PJSIP/trunk-1', '1.1', '1.1', '4', 'from-pstn', '2105551000', '+301');
    const b = chan('PJSIP/101-2', '1.2', '1.1', '0', 'from-internal', 's', '101');
    const out = [
      ev(1000, [['Event', 'Newchannel'], ...a]),
      ev(1000, [['Event', 'VarSet'], ...a, ['Variable', 'FROM_DID'], ['Value', '2105551999']]),
      ev(1100, [['Event', 'Newchannel'], ...b]),
      ev(1100, [
        ['Event', 'Newstate'],
        ...chan('PJSIP/101-2', '1.2', '1.1', '5', 'from-internal', 's', '101'),
      ]),
      ev(16_000, [['Event', 'DialEnd'], ...a, ['DestUniqueid', '1.2'], ['DialStatus', 'NOANSWER']]),
      ev(16_000, [['Event', 'Hangup'], ...b, ['Cause', '0']]),
      ev(16_100, [['Event', 'Newexten'], ...a, ['Application', 'VoiceMail'], ['AppData', '101@default']]),
      ev(16_100, [
        ['Event', 'VarSet'],
        ...a,
        ['Variable', 'MIXMONITOR_FILENAME'],
        ['Value', '/var/spool/vm.wav'],
      ]),
      ev(30_000, [['Event', 'Hangup'], ...a, ['Cause', '16']]),
    ].flatMap((m) => core.push(m));
    const ended = out.filter((o) => o.type === 'callEnded');
    expect(ended).toHaveLength(1);
    const r = ended[0]?.type === 'callEnded' ? ended[0].payload : undefined;
    expect(r).toMatchObject({
      disposition: 'voicemail',
      did: '2105551999',
      extension: '101',
      recording: '/var/spool/vm.wav',
      ringSeconds: 29,
    });
    expect(core.stats).toMatchObject({ activeCalls: 0, activeChannels: 0, ended: 1 });
  });

  it('reads FROM_DID and the recording from ChanVariable lines (manager.conf channelvars)', () => {
    const core = new CallTrackerCore();
    const a = chan('PJSIP/trunk-1', '4.1', '4.1', '4', 'from-pstn', '2105551000', '+301');
    const vars: Array<[string, string]> = [
      ['ChanVariable', 'FROM_DID=2105559999'],
      ['ChanVariable', 'CDR(recordingfile)=in-2105559999.wav'],
    ];
    const out = [
      ev(1000, [['Event', 'Newchannel'], ...a, ...vars]),
      ev(5000, [['Event', 'Hangup'], ...a, ...vars, ['Cause', '16']]),
    ].flatMap((m) => core.push(m));
    const r = out.find((o) => o.type === 'callEnded');
    expect(r?.type === 'callEnded' && r.payload).toMatchObject({
      did: '2105559999',
      recording: 'in-2105559999.wav',
    });
  });

  it('takes a caller name learned after Newchannel (CNAM) on the inbound trunk leg only', () => {
    const core = new CallTrackerCore();
    const a = chan('PJSIP/trunk-1', '5.1', '5.1', '4', 'from-pstn', '2105551000', '+301');
    const named = a.map(([k, v]): [string, string] => [k, k === 'CallerIDName' ? 'ACME Corp' : v]);
    const out = [
      ev(1000, [['Event', 'Newchannel'], ...a]),
      ev(1100, [['Event', 'NewCallerid'], ...named]),
      ev(2000, [['Event', 'Hangup'], ...named, ['Cause', '16']]),
    ].flatMap((m) => core.push(m));
    const r = out.find((o) => o.type === 'callEnded');
    expect(r?.type === 'callEnded' && r.payload.from).toEqual({ number: '+301', name: 'ACME Corp' });
  });

  it('a failed dial (CHANUNAVAIL, never rang) is failed; a forward is a transfer', () => {
    const core = new CallTrackerCore();
    const a = chan('PJSIP/101-1', '2.1', '2.1', '4', 'from-internal', '102', '101');
    const b = chan('PJSIP/102-2', '2.2', '2.1', '0', 'from-internal', 's', '102');
    const out = [
      ev(1000, [['Event', 'Newchannel'], ...a]),
      ev(1000, [['Event', 'Newchannel'], ...b]),
      ev(1000, [['Event', 'DialBegin'], ...a, ['DestUniqueid', '2.2'], ['DialString', '102']]),
      ev(1200, [
        ['Event', 'DialEnd'],
        ...a,
        ['DestUniqueid', '2.2'],
        ['DialStatus', 'CHANUNAVAIL'],
        ['Forward', '103'],
      ]),
      ev(1200, [['Event', 'Hangup'], ...b, ['Cause', '3']]),
      ev(1300, [['Event', 'Hangup'], ...a, ['Cause', '3']]),
    ].flatMap((m) => core.push(m));
    const r = out.find((o) => o.type === 'callEnded');
    expect(r?.type === 'callEnded' && r.payload).toMatchObject({
      direction: 'internal',
      disposition: 'failed',
      transfers: [{ kind: 'forward', from: '102', to: '103' }],
    });
  });

  it('a click-to-call originated through a Local channel names the agent and the dialed number', () => {
    const core = new CallTrackerCore();
    const l1 = chan('Local/101@from-internal-00000001;1', '3.1', '3.1', '0', 'from-internal', '101');
    const l2 = chan('Local/101@from-internal-00000001;2', '3.2', '3.1', '4', 'from-internal', '101');
    const phone = chan('PJSIP/101-3', '3.3', '3.1', '0', 'from-internal', 's', '101');
    const l1dial = chan(
      'Local/101@from-internal-00000001;1',
      '3.1',
      '3.1',
      '6',
      'from-internal',
      '00306974015758',
    );
    const trunk = chan('PJSIP/trunk-pstn-4', '3.4', '3.1', '0', 'from-pstn', 's');
    const out = [
      ev(1000, [['Event', 'Newchannel'], ...l1]),
      ev(1000, [['Event', 'Newchannel'], ...l2]),
      ev(1000, [
        ['Event', 'DialBegin'],
        ...l1.map(([k, v]): [string, string] => [`Dest${k}`, v]),
        ['DialString', '101@from-internal'],
      ]),
      ev(1000, [['Event', 'Newchannel'], ...phone]),
      ev(1000, [['Event', 'DialBegin'], ...l2, ['DestUniqueid', '3.3'], ['DialString', '101']]),
      ev(1000, [
        ['Event', 'Newstate'],
        ...chan('PJSIP/101-3', '3.3', '3.1', '5', 'from-internal', 's', '101'),
      ]),
      ev(2000, [
        ['Event', 'Newstate'],
        ...chan('PJSIP/101-3', '3.3', '3.1', '6', 'from-internal', 's', '101'),
      ]),
      ev(2000, [['Event', 'Newstate'], ...l1dial]),
      ev(2100, [['Event', 'Newchannel'], ...trunk]),
      ev(2100, [
        ['Event', 'DialBegin'],
        ...l1dial,
        ['DestUniqueid', '3.4'],
        ['DialString', '00306974015758@trunk-pstn'],
      ]),
      ev(4000, [['Event', 'DialEnd'], ...l1dial, ['DestUniqueid', '3.4'], ['DialStatus', 'ANSWER']]),
      ...[trunk, phone, l2, l1].map((c) => ev(9000, [['Event', 'Hangup'], ...c, ['Cause', '16']])),
    ].flatMap((m) => core.push(m));
    const r = out.find((o) => o.type === 'callEnded');
    expect(r?.type === 'callEnded' && r.payload).toMatchObject({
      direction: 'outbound',
      extension: '101',
      from: { number: '101' },
      to: { number: '00306974015758' },
      disposition: 'answered',
      ringSeconds: 3,
      talkSeconds: 5,
    });
    expect(r?.type === 'callEnded' && r.payload.legs.map((l) => l.channel)).toEqual([
      'PJSIP/101-3',
      'PJSIP/trunk-pstn-4',
    ]);
  });

  it('ignores responses and unknown channels, counts what it ignored', () => {
    const core = new CallTrackerCore();
    expect(core.push(ev(1, [['Response', 'Success']]))).toEqual([]);
    expect(
      core.push(ev(1, [['Event', 'Hangup'], ...chan('PJSIP/9-1', '9.9', '9.9', '6', 'x', 'y')])),
    ).toEqual([]);
    expect(core.stats.ignored).toBe(1);
    expect(core.active()).toEqual([]);
  });
});
