import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('refuses after maxFailures until the window has passed', () => {
    let now = 0;
    const t = new LoginThrottle(3, 1000, () => now);
    const key = LoginThrottle.key('10.0.0.1', 'Demo');
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs(key)).toBe(0);
      t.failed(key);
    }
    now = 400;
    expect(t.retryAfterMs(key)).toBe(600);
    expect(t.retryAfterMs(LoginThrottle.key('10.0.0.1', 'other'))).toBe(0);
    expect(t.retryAfterMs(LoginThrottle.key('10.0.0.1', 'demo'))).toBe(600); // usernames are case-insensitive
    now = 1000;
    expect(t.retryAfterMs(key)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const t = new LoginThrottle(2, 1000, () => 0);
    t.failed('k');
    t.succeeded('k');
    t.failed('k');
    expect(t.retryAfterMs('k')).toBe(0);
  });

  it('stays bounded', () => {
    let now = 0;
    const t = new LoginThrottle(1, 1000, () => now, 10);
    for (let i = 0; i < 50; i++) {
      now = i;
      t.failed(`k${i}`);
    }
    expect(t.retryAfterMs('k49')).toBeGreaterThan(0);
    expect(t.retryAfterMs('k0')).toBe(0);
  });
});
