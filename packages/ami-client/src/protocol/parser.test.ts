import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiProtocolError } from '../errors.js';
import { AmiMessage } from './message.js';
import { type AmiParseResult, AmiParser, peekEventName } from './parser.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.rx.ami'));
const B = (s: string): Buffer => Buffer.from(s, 'utf8');

function parseChunks(chunks: Uint8Array[], opts = {}): AmiParseResult[] {
  const p = new AmiParser(opts);
  return chunks.flatMap((c) => p.push(c));
}
const view = (items: AmiParseResult[]) =>
  items.map((m) =>
    m instanceof AmiMessage
      ? { kind: m.kind, name: m.name, pairs: [...m.pairs], body: m.body }
      : { error: m.code },
  );
const snapshot = (extra: string) =>
  `Channel: PJSIP/101-00000001\r\nChannelState: 6\r\nChannelStateDesc: Up\r\n${extra}Uniqueid: 1700000000.10\r\nLinkedid: 1700000000.10\r\n`;

describe('AmiParser on real Asterisk 20 captures', () => {
  it.each(fixtures)('%s: whole == byte by byte, and every frame parses', (file) => {
    const buf = readFileSync(FIXTURES + file);
    const whole = parseChunks([buf]);
    const bytes = parseChunks([...buf].map((b) => Uint8Array.of(b)));
    expect(view(bytes)).toEqual(view(whole));
    expect(whole.every((m) => m instanceof AmiMessage)).toBe(true);
    expect(whole[0]).toMatchObject({ kind: 'banner', name: '9.0.0' });
    const frames = buf.toString('latin1').split('\r\n\r\n').length - 1;
    expect(whole.length).toBe(frames + 1);
  });

  it.each(fixtures)('%s: eager header splitting gives the same messages', (file) => {
    const buf = readFileSync(FIXTURES + file);
    expect(view(parseChunks([buf], { eagerHeaders: true }))).toEqual(view(parseChunks([buf])));
  });

  it('keeps UTF-8 names intact (15_inbound_answered_utf8_names)', () => {
    const msgs = parseChunks([
      readFileSync(`${FIXTURES}15_inbound_answered_utf8_names.rx.ami`),
    ]) as AmiMessage[];
    const names = msgs.map((m) => m.get('CallerIDName'));
    expect(names).toContain('Σπύρος Παπαδόπουλος');
    expect(names).toContain('Zoë Müller');
  });
});

describe('conformance probes (research/ami-bench/conformance.js)', () => {
  const one = (frame: string, split?: number) => {
    const buf = B(frame);
    const chunks = split === undefined ? [buf] : [buf.subarray(0, split), buf.subarray(split)];
    return parseChunks(chunks, { expectBanner: false }) as AmiMessage[];
  };

  it('keeps duplicate ChanVariable lines, "=" inside values, empty values', () => {
    const [m] = one(
      `Event: Newchannel\r\nPrivilege: call,all\r\n${snapshot('CallerIDNum: 101\r\n')}ChanVariable: A=1\r\nChanVariable: B=x=y\r\nChanVariable: C=\r\n\r\n`,
    );
    expect(m?.getAll('ChanVariable')).toEqual(['A=1', 'B=x=y', 'C=']);
    expect([...(m?.variables() ?? [])]).toEqual([
      ['A', '1'],
      ['B', 'x=y'],
      ['C', ''],
    ]);
  });

  it('exposes ChanVariable(<channel>) per channel', () => {
    const [m] = one(
      'Event: OriginateResponse\r\nChanVariable(Local/101@x-00000001;1): FOO=bar\r\nChanVariable(Local/101@x-00000001;2): FOO=baz\r\nChanVariable(Local/101@x-00000001;1): BAZ=qux\r\n\r\n',
    );
    const vars = m?.channelVariables();
    expect(vars?.get('Local/101@x-00000001;1')).toEqual(
      new Map([
        ['FOO', 'bar'],
        ['BAZ', 'qux'],
      ]),
    );
    expect(vars?.get('Local/101@x-00000001;2')?.get('FOO')).toBe('baz');
  });

  it('keeps ":" inside values, numbers as verbatim strings, "" and "s"', () => {
    const [m] = one(
      `Event: Newexten\r\n${snapshot('CallerIDNum: 0049301234\r\nConnectedLineNum: +4930123456\r\nAccountCode: \r\nExten: s\r\n')}AppData: PJSIP/101/sip:101@192.0.2.1:5060,30,Tt: note: x\r\n\r\n`,
    );
    expect(m?.get('AppData')).toBe('PJSIP/101/sip:101@192.0.2.1:5060,30,Tt: note: x');
    expect(m?.get('callerIDnum')).toBe('0049301234');
    expect(m?.get('ConnectedLineNum')).toBe('+4930123456');
    expect(m?.get('Uniqueid')).toBe('1700000000.10');
    expect(m?.get('AccountCode')).toBe('');
    expect(m?.get('Exten')).toBe('s');
  });

  it('decodes a code point split between reads', () => {
    const frame = `Event: Newchannel\r\n${snapshot('CallerIDName: Müller 李雷 😀\r\n')}\r\n`;
    const at = B(frame).indexOf(B('李')) + 1;
    expect(one(frame, at)[0]?.get('CallerIDName')).toBe('Müller 李雷 😀');
  });

  const follows =
    'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nline1\nline2\n\nline4\n--END COMMAND--\r\n\r\n';
  const hangup = `Event: Hangup\r\n${snapshot('Cause: 16\r\n')}\r\n`;
  it.each([undefined, 10, 60, follows.length - 3, follows.length + 5])(
    'parses Asterisk 13 Response: Follows (split at %s)',
    (split) => {
      const msgs = one(follows + hangup, split);
      expect(msgs.map((m) => m.name)).toEqual(['Follows', 'Hangup']);
      expect(msgs[0]?.outputLines).toEqual(['line1', 'line2', '', 'line4']);
      expect(msgs[0]?.actionId).toBe('7');
      expect(msgs[1]?.get('Cause')).toBe('16');
    },
  );

  it('keeps every Asterisk 14+ Output: line in order', () => {
    const [m] = one(
      'Response: Success\r\nActionID: 8\r\nMessage: Command output follows\r\nOutput: Name/username             Host\r\nOutput: 101/101                   192.0.2.5\r\nOutput: 2 sip peers\r\n\r\n',
    );
    expect(m?.outputLines).toEqual([
      'Name/username             Host',
      '101/101                   192.0.2.5',
      '2 sip peers',
    ]);
  });
});

describe('bad input', () => {
  it('reports an oversized complete frame and goes on', () => {
    const big = `Event: X\r\nData: ${'x'.repeat(300)}\r\n\r\n`;
    const out = parseChunks([B(`${big}Event: Ok\r\n\r\n`)], { expectBanner: false, maxFrameBytes: 100 });
    expect(out[0]).toBeInstanceOf(AmiProtocolError);
    expect((out[0] as AmiProtocolError).code).toBe('frame_too_large');
    expect((out[1] as AmiMessage).name).toBe('Ok');
  });

  it('bounds an unterminated frame, skips to the next boundary, recovers', () => {
    const p = new AmiParser({ expectBanner: false, maxFrameBytes: 64 });
    const out: AmiParseResult[] = [];
    for (let i = 0; i < 10; i++) out.push(...p.push(B(`Event: Big\r\nData: ${'y'.repeat(20)}\r\n`)));
    expect(p.buffered).toBeLessThanOrEqual(64);
    out.push(...p.push(B('\r')), ...p.push(B('\n\r\nEvent: Next\r\n\r\n')));
    expect(out.filter((o) => o instanceof AmiProtocolError).map((o) => (o as AmiProtocolError).code)).toEqual(
      ['frame_too_large'],
    );
    expect(out.filter((o) => o instanceof AmiMessage).map((m) => (m as AmiMessage).name)).toEqual(['Next']);
    expect(p.stats.oversized).toBe(1);
    expect(p.stats.skippedBytes).toBeGreaterThan(64);
  });

  it('rejects too many headers and malformed frames with typed errors', () => {
    const many = `Event: Many\r\n${'A: b\r\n'.repeat(20)}\r\n`;
    const out = parseChunks(
      [B(`${many}garbage line\r\n\r\nEvent: Good\r\nno colon here\r\n\r\nEvent: Fine\r\n\r\n`)],
      {
        expectBanner: false,
        maxHeaders: 10,
      },
    );
    expect(out.map((o) => (o instanceof AmiMessage ? o.name : o.code))).toEqual([
      'too_many_headers',
      'malformed_frame',
      'malformed_frame',
      'Fine',
    ]);
    expect((out[1] as AmiProtocolError).excerpt).toBe('garbage line');
  });

  it('flags a peer that is not AMI', () => {
    const out = parseChunks([B('SSH-2.0-OpenSSH_9.2\r\n')]);
    expect((out[0] as AmiProtocolError).code).toBe('not_ami');
    const long = parseChunks([B('x'.repeat(2000))]);
    expect((long[0] as AmiProtocolError).code).toBe('not_ami');
  });

  it('accepts lower-case headers and stray blank lines', () => {
    const out = parseChunks([B('\r\nevent: Lower\r\nfoo:bar\r\n\r\n\r\nresponse: Success\r\n\r\n')], {
      expectBanner: false,
    });
    expect(out.map((m) => (m as AmiMessage).name)).toEqual(['Lower', 'Success']);
    expect((out[0] as AmiMessage).get('FOO')).toBe('bar');
  });
});

describe('event-name peek', () => {
  it('drops filtered events before building objects and never filters responses', () => {
    const p = new AmiParser({ expectBanner: false, acceptEvent: (n) => n !== 'VarSet' });
    const out = p.push(
      B('Event: VarSet\r\nA: 1\r\n\r\nEvent: Hangup\r\n\r\nResponse: Success\r\n\r\nevent: VarSet\r\n\r\n'),
    );
    expect(out.map((m) => (m as AmiMessage).name)).toEqual(['Hangup', 'Success']);
    expect(p.stats.filtered).toBe(2);
  });

  it('peeks names from strings and bytes', () => {
    expect(peekEventName('Event: Newchannel\r\nX: y')).toBe('Newchannel');
    expect(peekEventName(B('Event: Hangup'))).toBe('Hangup');
    expect(peekEventName('Response: Success\r\n')).toBeUndefined();
  });
});

function cutAt(stream: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const c of [...points, stream.length]) {
    chunks.push(stream.subarray(prev, c));
    prev = c;
  }
  return chunks;
}

describe('properties', () => {
  const stream = readFileSync(`${FIXTURES}06_queue.rx.ami`);
  const reference = view(parseChunks([stream]));

  it('any chunking of a valid stream yields identical messages', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 60 }), (cuts) => {
        const chunks = cutAt(stream, cuts);
        expect(view(parseChunks(chunks))).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('a name filter under any chunking keeps exactly the accepted messages', () => {
    const keep = new Set(['Newchannel', 'Hangup', 'DialEnd', 'QueueCallerJoin']);
    const accepted = reference.filter((m) => !('kind' in m) || m.kind !== 'event' || keep.has(m.name));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const chunks = cutAt(stream, cuts);
        expect(view(parseChunks(chunks, { acceptEvent: (n: string) => keep.has(n) }))).toEqual(accepted);
      }),
      { numRuns: 100 },
    );
  });

  it('random bytes never throw out of the parser and stay bounded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        (chunks, banner, filter) => {
          const accept = filter ? { acceptEvent: (n: string) => n.length % 2 === 0 } : {};
          const p = new AmiParser({ expectBanner: banner, maxFrameBytes: 512, ...accept });
          for (const c of chunks) {
            for (const item of p.push(c))
              expect(item instanceof AmiMessage || item instanceof AmiProtocolError).toBe(true);
          }
          expect(p.buffered).toBeLessThanOrEqual(1024);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random AMI-ish text (CR, LF, colons, Follows) never throws', () => {
    const piece = fc.constantFrom(
      'Event: X',
      'Event: YY',
      'Response: Follows',
      '\r\n',
      '\n',
      ':',
      ' ',
      'a',
      '--END COMMAND--',
      '\r\n\r\n',
      'é',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 80 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (parts, step, f) => {
          const buf = B(parts.join(''));
          const accept = f ? { acceptEvent: (n: string) => n !== 'X' } : {};
          const p = new AmiParser({ expectBanner: false, maxFrameBytes: 256, ...accept });
          for (let i = 0; i < buf.length; i += step) p.push(buf.subarray(i, i + step));
          expect(p.stats.bytes).toBe(buf.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
