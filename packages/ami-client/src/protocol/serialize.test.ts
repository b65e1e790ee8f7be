import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../transport/backoff.js';
import { AmiParser } from './parser.js';
import { redact, serializeAction } from './serialize.js';

describe('serializeAction', () => {
  it('writes headers in order, repeats arrays, expands Variable objects, skips undefined', () => {
    const wire = serializeAction(
      {
        Action: 'Originate',
        Channel: 'PJSIP/101',
        Timeout: 30000,
        Async: true,
        Codecs: undefined,
        Variable: { A: '1', B: 'x=y' },
      },
      'p-1',
    );
    expect(wire).toBe(
      'Action: Originate\r\nActionID: p-1\r\nChannel: PJSIP/101\r\nTimeout: 30000\r\nAsync: true\r\nVariable: A=1\r\nVariable: B=x=y\r\n\r\n',
    );
    expect(serializeAction({ Action: 'Command', Output: ['a', 'b'] })).toBe(
      'Action: Command\r\nOutput: a\r\nOutput: b\r\n\r\n',
    );
  });

  it('refuses header injection and more than 128 headers', () => {
    expect(() => serializeAction({ Action: 'Ping', X: 'a\r\nAction: Hangup' })).toThrow(/CR or LF/);
    expect(() => serializeAction({ Action: 'Ping\nX' })).toThrow(/CR or LF/);
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`H${i}`, 'v']));
    expect(() => serializeAction({ Action: 'Ping', ...many })).toThrow(/128 headers/);
  });

  it('round-trips through the parser (as the fake server reads actions)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(fc.stringMatching(/^[A-Z][a-zA-Z]{0,10}$/), fc.stringMatching(/^[^\r\n]{0,30}$/)),
          { selector: ([k]) => k.toLowerCase(), maxLength: 20 },
        ),
        (pairs) => {
          // Header names are case-insensitive on the wire: one value per name, any case.
          const headers = Object.fromEntries(
            pairs.filter(([k]) => !['action', 'actionid'].includes(k.toLowerCase())),
          );
          const action = { Action: 'Test', ...headers };
          const [m] = new AmiParser({ expectBanner: false }).push(
            Buffer.from(serializeAction(action, 'id-1')),
          );
          expect(m && 'kind' in m ? m.kind : undefined).toBe('action');
          if (m && 'kind' in m) {
            for (const [k, v] of Object.entries(headers)) expect(m.get(k)).toBe(v);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('redacts Secret and Key lines', () => {
    expect(redact('Action: Login\r\nSecret: hunter2\r\nKey: abc\r\nUsername: u\r\n')).toBe(
      'Action: Login\r\nSecret: ***\r\nKey: ***\r\nUsername: u\r\n',
    );
  });
});

describe('backoffDelay', () => {
  it('is full jitter below an exponential ceiling with a cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const d = backoffDelay(attempt, { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 }, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.min(30_000, 500 * 2 ** (attempt - 1)));
        },
      ),
    );
    expect(backoffDelay(1, { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 }, () => 0.999)).toBe(499);
    expect(backoffDelay(40, { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 }, () => 0.5)).toBe(15_000);
  });
});
