import { describe, expect, it } from 'vitest';
import { constantTimeEqual, verifyChallenge } from './verify-challenge.js';

describe('verifyChallenge', () => {
  it('echoes the challenge when mode and token match', () => {
    const params = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.verify_token': 'tok',
      'hub.challenge': '1158201444',
    });
    expect(verifyChallenge(params, 'tok')).toBe('1158201444');
  });

  it('accepts the hub_mode spelling of PHP front ends', () => {
    const params = new URLSearchParams({
      hub_mode: 'subscribe',
      hub_verify_token: 'tok',
      hub_challenge: '42',
    });
    expect(verifyChallenge(params, 'tok')).toBe('42');
  });

  it('answers 403 on a wrong token, a wrong mode or no challenge', () => {
    const cases: Array<Record<string, string>> = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' },
    ];
    for (const params of cases) {
      expect(() => verifyChallenge(new URLSearchParams(params), 'tok')).toThrow(
        expect.objectContaining({ httpStatus: 403 }),
      );
    }
  });

  it('compares strings of any length without throwing', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
