import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { decodeEventText, decodeFrame, decodeSSeriesReport, parseTolerantJson } from '../src/index.js';
import { fixture, fixtureFiles } from './fixtures.js';

const pEventFiles = fixtureFiles('p-series').filter((f) => f.includes('/event.'));
const sReportFiles = fixtureFiles('s-series').filter((f) => /\/(v1|v1_1|v2)\.(report|event)\./.test(f));

describe('every P-Series event fixture decodes', () => {
  test('there are fixtures to run', () => {
    expect(pEventFiles.length).toBeGreaterThanOrEqual(16);
  });
  test.each(pEventFiles)('%s', (file) => {
    const raw = fixture(file);
    const result = decodeEventText(raw);
    if (!result.ok) throw new Error(result.skipped.reason);
    const envelope = JSON.parse(raw) as { type: number; sn?: string };
    expect(result.event.type).toBe(envelope.type);
    expect(result.event.sn).toBe(envelope.sn);
    // Every fixture id is one we model: none may fall through to `unknown`.
    expect(result.event.kind).not.toBe('unknown');
    // The same envelope as a parsed object (msg string or object) decodes identically.
    const again = decodeEventText(Buffer.from(raw));
    expect(again).toEqual(result);
  });
});

describe('P-Series specifics', () => {
  test('30012 CDR is normalised: blanks trimmed, type lower-cased, uid kept', () => {
    const r = decodeEventText(fixture('p-series/event.30012.new_cdr.internal_answered.json'));
    expect(r.ok && r.event.kind === 'newCdr' && r.event.cdr).toEqual({
      callId: '1651057476.362',
      uid: '2024111913594421D77',
      timeStart: '2022-04-27 19:04:36',
      from: '2005',
      to: '2002',
      callDuration: 24,
      talkDuration: 21,
      srcTrunk: '',
      dstTrunk: '',
      status: 'ANSWERED',
      type: 'internal',
      recording: '20220427190445-1651057476.362-2005-2002-Internal.wav',
      did: '',
      agentRingTime: 0,
      pinCode: '',
    });
  });

  test('30016 members normalise to an inbound ALERT member with call_path " " → ""', () => {
    const r = decodeEventText(fixture('p-series/event.30016.inbound_call_invitation.json'));
    expect(r.ok && r.event.kind === 'inboundCallInvitation' && r.event.members).toEqual([
      {
        kind: 'inbound',
        from: '5503301',
        to: '2002',
        trunk: 'peer-to-41',
        channelId: 'PJSIP/trunk-peer-to-41-endpoint-000000b5',
        status: 'ALERT',
        callPath: '',
      },
    ]);
  });

  test('30025 has no sn and an object msg', () => {
    const r = decodeEventText(fixture('p-series/event.30025.agent_auto_pause.json'));
    expect(r.ok && r.event.kind === 'agentAutoPause' && r.event.sn).toBeUndefined();
    expect(r.ok && r.event.kind === 'agentAutoPause' && r.event.msg.calls).toHaveLength(2);
  });

  test('30015 with members null decodes with an empty member list', () => {
    const msg = JSON.stringify({ call_id: '1702364968.127', reason: 'NOT found', members: null });
    const r = decodeEventText(JSON.stringify({ type: 30015, sn: '3633D2199067', msg }));
    expect(r.ok && r.event.kind === 'callFailed' && r.event).toMatchObject({
      reason: 'NOT found',
      members: [],
    });
  });

  test('30011 with an extension and an inbound member, and an unknown status (EARLYMEDIA)', () => {
    const msg = JSON.stringify({
      call_id: '1702364968.127',
      members: [
        {
          extension: {
            number: '700',
            channel_id: 'PJSIP/700-0000001a',
            member_status: 'RING',
            call_path: '',
          },
        },
        {
          outbound: {
            from: '700',
            to: '0030210',
            trunk_name: 't1',
            channel_id: 'PJSIP/trunk-t1-endpoint-00000001',
            member_status: 'EarlyMedia',
            call_path: '',
          },
        },
      ],
    });
    const r = decodeEventText(JSON.stringify({ type: 30011, sn: 'SN1', msg }));
    expect(r.ok && r.event.kind === 'callStateChanged' && r.event.members.map((m) => m.status)).toEqual([
      'RING',
      'EARLYMEDIA',
    ]);
  });

  test('unknown event types pass through with msg parsed', () => {
    const r = decodeEventText('{"type":30037,"sn":"X","msg":"{\\"a\\":1}"}');
    expect(r).toEqual({
      ok: true,
      event: { kind: 'unknown', type: 30037, sn: 'X', source: 'p-series', msg: { a: 1 } },
    });
    const notJson = decodeEventText('{"type":30099,"sn":"X","msg":"plain"}');
    expect(notJson.ok && notJson.event.kind === 'unknown' && notJson.event.msg).toBe('plain');
  });

  test.each([
    ['truncated JSON', '{"type":30011,"sn":"X","msg":"{\\"call_id\\"', /not JSON/],
    ['HTML', '<html><body>502 Bad Gateway</body></html>', /not JSON/],
    ['malformed msg', '{"type":30011,"sn":"X","msg":"{call_id:1"}', /msg is not valid JSON/],
    ['schema mismatch', '{"type":30011,"sn":"X","msg":{"members":[]}}', /does not match the schema/],
    ['no type', '{"sn":"X","msg":{}}', /not an event envelope/],
  ])('bad input (%s) is skipped with a reason, never thrown', (_name, input, reason) => {
    const r = decodeEventText(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.skipped.reason).toMatch(reason);
  });

  test('WebSocket frames: heartbeat text, control frames, events', () => {
    expect(decodeFrame(fixture('p-series/ws.heartbeat.response.txt'))).toEqual({ kind: 'heartbeat' });
    expect(decodeFrame(fixture('p-series/ws.subscribe.response.json'))).toEqual({
      kind: 'control',
      errcode: 0,
      errmsg: 'SUCCESS',
    });
    expect(decodeFrame('{"errcode":10004,"errmsg":"TOKEN EXPIRED"}')).toEqual({
      kind: 'control',
      errcode: 10004,
      errmsg: 'TOKEN EXPIRED',
    });
    const ev = decodeFrame(fixture('p-series/event.30008.extension_call_status.ringing.json'));
    expect(ev.kind === 'event' && ev.event.kind).toBe('extensionCallStatus');
    expect(decodeFrame('{"type":30011,"msg":"{"}')).toMatchObject({ kind: 'skipped' });
  });

  test('the synthetic signed webhook fixture verifies with HMAC-SHA256/Base64', () => {
    const body = fixture('p-series/synthetic/webhook.delivery.30016.body.json');
    const meta = JSON.parse(fixture('p-series/synthetic/webhook.delivery.30016.meta.json'));
    expect(createHmac('sha256', meta.secret).update(body).digest('base64')).toBe(meta.headers['X-Signature']);
  });
});

describe('every S-Series report fixture decodes', () => {
  test('there are fixtures to run', () => {
    expect(sReportFiles.length).toBeGreaterThanOrEqual(25);
  });
  test.each(sReportFiles)('%s', (file) => {
    const result = decodeSSeriesReport(fixture(file));
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.event.source).toBe('s-series');
    expect(result.event.kind).not.toBe('unknown');
  });

  test('repeated "ext" keys keep both parties (JSON.parse would keep only the last)', () => {
    const raw = fixture('s-series/v1.report.answer.json');
    expect((JSON.parse(raw) as { ext: unknown }).ext).toEqual({ extid: '1002' });
    const r = decodeSSeriesReport(raw);
    expect(
      r.ok && r.event.kind === 'callStateChanged' && r.event.members.map((m) => [m.number, m.status]),
    ).toEqual([
      ['1000', 'ANSWER'],
      ['1002', 'ANSWER'],
    ]);
  });

  test('the v2 CallFailed trailing comma is tolerated, also inside the full HTTP delivery', () => {
    const http = fixture('s-series/v2.webhook.delivery.callfailed.http');
    const body = http.slice(http.indexOf('\n\n') + 2);
    const r = decodeSSeriesReport(body);
    expect(r.ok && r.event.kind === 'callFailed' && r.event).toMatchObject({
      callId: '1573097568.15',
      reason: 'NO Outbound Restriction',
      members: [{ kind: 'extension', number: '1023', channelId: 'PJSIP/1023-0000000a' }],
    });
  });

  test('NewCdr: string durations, misspelt names, v1 desttrunkname', () => {
    const v2 = decodeSSeriesReport(fixture('s-series/v2.event.newcdr.internal.json'));
    expect(v2.ok && v2.event.kind === 'newCdr' && v2.event.cdr).toMatchObject({
      callDuration: 19,
      talkDuration: 14,
      type: 'internal',
    });
    const v1 = decodeSSeriesReport(fixture('s-series/v1.report.newcdr.outbound.json'));
    expect(v1.ok && v1.event.kind === 'newCdr' && v1.event.cdr).toMatchObject({
      dstTrunk: 'Apple_test',
      callDuration: 29,
      talkDuration: 29,
      to: '91000',
    });
  });

  test('1.0.2 call arrays and BootUp', () => {
    const r = decodeSSeriesReport(fixture('s-series/v1_1.report.bye.internal.first.json'));
    expect(r.ok && r.event.kind === 'callStateChanged' && r.event.members.map((m) => m.number)).toEqual([
      '1006',
      '1005',
    ]);
    expect(decodeSSeriesReport(fixture('s-series/v2.event.bootup.json'))).toMatchObject({
      ok: true,
      event: { kind: 'bootUp', sn: '369451090405' },
    });
  });

  test('bad reports are skipped with a reason', () => {
    expect(decodeSSeriesReport('{"callid":"1"')).toMatchObject({ ok: false });
    expect(decodeSSeriesReport('[1]')).toMatchObject({ ok: false });
    expect(decodeSSeriesReport('{"foo":1}')).toMatchObject({ ok: false });
    expect(decodeSSeriesReport('{"event":"NewCdr","callid":"1"}')).toMatchObject({ ok: false });
    expect(decodeSSeriesReport('{"event":"ConfigChange","sn":"1"}')).toMatchObject({
      ok: true,
      event: { kind: 'unknown', name: 'ConfigChange' },
    });
  });
});

test('tolerant JSON reader behaves like JSON.parse on valid JSON', () => {
  const samples = ['{"a":[1,2,{"b":null}],"c":"x\\"y","d":-1.5e3,"e":true,"f":false}', '[]', '"s"', '0'];
  for (const s of samples) expect(parseTolerantJson(s)).toEqual(JSON.parse(s));
  expect(() => parseTolerantJson('{"a":1} x')).toThrow(SyntaxError);
  expect(parseTolerantJson('{"__proto__":{"x":1},"a":1,}')).toEqual({ a: 1 });
});
