import { useEffect, useRef } from 'react';
import type { ScreenPop } from './api.ts';

/** Live events from `/api/events` (EventSource reconnects by itself). */
export interface LiveHandlers {
  onScreenPop?: (pop: ScreenPop) => void;
  onEntry?: (e: { kind: string; ids: string[]; customerIds: string[] }) => void;
  onCall?: (e: { phase: string; callId: string }) => void;
  onCustomer?: (e: { ids: string[] }) => void;
  onStatus?: (connected: boolean) => void;
}

export function useLive(enabled: boolean, handlers: LiveHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/events');
    const on = (name: string, fn: (data: never) => void) =>
      source.addEventListener(name, (e) => fn(JSON.parse((e as MessageEvent).data) as never));
    on('hello', () => ref.current.onStatus?.(true));
    on('screenPop', (d: ScreenPop) => ref.current.onScreenPop?.(d));
    on('entry', (d: { kind: string; ids: string[]; customerIds: string[] }) => ref.current.onEntry?.(d));
    on('call', (d: { phase: string; callId: string }) => ref.current.onCall?.(d));
    on('customer', (d: { ids: string[] }) => ref.current.onCustomer?.(d));
    source.onerror = () => ref.current.onStatus?.(false);
    return () => source.close();
  }, [enabled]);
}

/** A tiny pub/sub so pages can refresh when entries (`ids`) or customers (`customerIds`) change. */
type Listener = (e: { ids: string[]; customerIds: string[] }) => void;
const listeners = new Set<Listener>();
export const entryBus = {
  emit: (e: { ids: string[]; customerIds: string[] }) => {
    for (const l of listeners) l(e);
  },
  subscribe: (l: Listener) => {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

export function useEntryUpdates(fn: Listener): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => entryBus.subscribe((e) => ref.current(e)), []);
}
