import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore } from './dedupe-store.js';
import { SERVICE_WINDOW_MS, serviceWindow } from './service-window.js';
import { isStatusAdvance, mergeStatus } from './status-merge.js';
import type { MessageStatus } from './types.js';

const ALL: MessageStatus[] = ['sent', 'delivered', 'read', 'played', 'failed'];

describe('mergeStatus', () => {
  it('never lets a late sent or delivered overwrite read', () => {
    expect(mergeStatus('read', 'sent')).toBe('read');
    expect(mergeStatus('read', 'delivered')).toBe('read');
    expect(mergeStatus('delivered', 'sent')).toBe('delivered');
    expect(mergeStatus(undefined, 'read')).toBe('read');
    expect(mergeStatus('sent', 'read')).toBe('read');
    expect(mergeStatus('read', 'played')).toBe('played');
  });

  it('treats failed as terminal, but not after the user read it', () => {
    expect(mergeStatus('sent', 'failed')).toBe('failed');
    expect(mergeStatus('delivered', 'failed')).toBe('failed');
    for (const next of ALL) expect(mergeStatus('failed', next)).toBe('failed');
    expect(mergeStatus('read', 'failed')).toBe('read');
    expect(isStatusAdvance('read', 'sent')).toBe(false);
    expect(isStatusAdvance('sent', 'delivered')).toBe(true);
  });

  it('property: the final status does not depend on arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        (updates, seed) => {
          const shuffled = [...updates].sort(
            (a, b) => ((a.charCodeAt(0) * 31 + seed) % 7) - ((b.charCodeAt(0) * 31 + seed) % 7),
          );
          const fold = (list: MessageStatus[]) =>
            list.reduce<MessageStatus | undefined>((s, n) => mergeStatus(s, n), undefined);
          const a = fold(updates);
          const b = fold(shuffled);
          const hasSeen = updates.includes('read') || updates.includes('played');
          // Order matters only between a failure and a read: both orders end in a non-regressing state.
          if (!(updates.includes('failed') && hasSeen)) expect(a).toBe(b);
          expect(ALL).toContain(a);
        },
      ),
    );
  });
});

describe('serviceWindow', () => {
  const last = new Date('2026-05-01T12:00:00Z');
  it('is open for 24 h after the last inbound message', () => {
    const state = serviceWindow(last, new Date(last.getTime() + 60_000));
    expect(state.open).toBe(true);
    expect(state.expiresAt).toEqual(new Date(last.getTime() + SERVICE_WINDOW_MS));
    expect(state.remainingMs).toBe(SERVICE_WINDOW_MS - 60_000);
  });
  it('is closed afterwards and when the customer never wrote', () => {
    expect(serviceWindow(last, new Date(last.getTime() + SERVICE_WINDOW_MS))).toMatchObject({
      open: false,
      remainingMs: 0,
    });
    expect(serviceWindow(undefined)).toEqual({ open: false, expiresAt: undefined, remainingMs: 0 });
    expect(serviceWindow(new Date(Number.NaN)).open).toBe(false);
  });
});

describe('createMemoryDedupeStore', () => {
  it('remembers keys and evicts the least recently used', () => {
    const store = createMemoryDedupeStore({ maxEntries: 2 });
    store.add('a');
    store.add('b');
    expect(store.has('a')).toBe(true); // touches a: b is now the oldest
    store.add('c');
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
    expect(store.size).toBe(2);
  });
});
