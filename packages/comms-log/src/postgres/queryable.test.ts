import { describe, expect, it } from 'vitest';
import { run, toStoreError } from './queryable.js';
import { likeLiteral } from './where.js';

describe('toStoreError', () => {
  it('classifies outages as retryable', () => {
    const cases: Array<[unknown, boolean]> = [
      [
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
        true,
      ],
      [Object.assign(new Error('could not serialize'), { code: '40001' }), true],
      [Object.assign(new Error('deadlock'), { code: '40P01' }), true],
      [Object.assign(new Error('too many connections'), { code: '53300' }), true],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
      [new Error('Connection terminated unexpectedly'), true],
      [Object.assign(new Error('syntax error'), { code: '42601' }), false],
      [Object.assign(new Error('duplicate key'), { code: '23505' }), false],
      ['a string', false],
    ];
    for (const [error, retryable] of cases) {
      const e = toStoreError(error, 'test');
      expect(e.isRetryable, String(error)).toBe(retryable);
      expect(e.cause).toBe(error);
    }
  });

  it('wraps driver failures in run()', async () => {
    const db = { query: async () => Promise.reject(Object.assign(new Error('boom'), { code: '08006' })) };
    await expect(run(db, 'probe', 'SELECT 1')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      storeCode: '08006',
    });
  });
});

it('escapes LIKE wildcards', () => {
  expect(likeLiteral('50%_off\\')).toBe('%50\\%\\_off\\\\%');
});
