import { AmiAbortError, AmiActionError, type AmiError, AmiTimeoutError } from '../errors.js';
import type { AmiMessage } from '../protocol/message.js';

/** How an action completes: one response, an EventList, or an async Originate's OriginateResponse. */
export type PendingMode = 'single' | 'list' | 'originate';

interface Pending {
  action: string;
  mode: PendingMode;
  resolve: (value: never) => void;
  reject: (err: AmiError) => void;
  timer: ReturnType<typeof setTimeout>;
  cleanup: () => void;
  response: AmiMessage | undefined;
  items: AmiMessage[];
  onItem: ((item: AmiMessage) => void) | undefined;
}

/** ActionID → pending promise map; one map, no per-ID listeners (cf. asterisk-manager #39). */
export class PendingActions {
  readonly #map = new Map<string, Pending>();
  readonly #onLists: ((inFlight: number) => void) | undefined;
  #lists = 0;

  /** `onLists` hears the number of EventList actions in flight whenever it changes. */
  constructor(onLists?: (inFlight: number) => void) {
    this.#onLists = onLists;
  }

  /** Actions awaiting completion. */
  get size(): number {
    return this.#map.size;
  }

  /** EventList actions in flight (the client disables its name filter meanwhile). */
  get listsInFlight(): number {
    return this.#lists;
  }

  /** Register an action before its bytes are written. */
  add<T>(
    id: string,
    action: string,
    mode: PendingMode,
    timeoutMs: number,
    signal?: AbortSignal,
    onItem?: (item: AmiMessage) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AmiAbortError(`${action} aborted`, { cause: signal.reason }));
        return;
      }
      const onAbort = (): void =>
        this.fail(id, new AmiAbortError(`${action} aborted`, { cause: signal?.reason }));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () =>
          this.fail(
            id,
            new AmiTimeoutError(
              `${action} (ActionID ${id}) timed out after ${timeoutMs} ms`,
              'action_timeout',
            ),
          ),
        timeoutMs,
      );
      if (mode === 'list') this.#onLists?.(++this.#lists);
      this.#map.set(id, {
        action,
        mode,
        resolve: resolve as (value: never) => void,
        reject,
        timer,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
        response: undefined,
        items: [],
        onItem,
      });
    });
  }

  /** Route a response; returns false when no action waits for it. */
  onResponse(msg: AmiMessage): boolean {
    const id = msg.actionId;
    const p = id === undefined ? undefined : this.#map.get(id);
    if (p === undefined || id === undefined) return false;
    if (msg.name === 'Error') {
      this.#settle(id, p);
      p.reject(new AmiActionError(p.action, id, msg.get('Message') ?? '', msg));
      return true;
    }
    if (p.mode === 'single' || (p.mode === 'list' && !isListStart(msg))) {
      this.#settle(id, p);
      if (p.mode === 'list') p.resolve({ response: msg, items: [], complete: undefined } as never);
      else p.resolve(msg as never);
      return true;
    }
    p.response = msg;
    return true;
  }

  /**
   * Route an event carrying an ActionID: list items are consumed (returns true); an
   * OriginateResponse settles its Originate but is still emitted (returns false).
   */
  onEvent(msg: AmiMessage, id: string): boolean {
    const p = this.#map.get(id);
    if (p === undefined) return false;
    if (p.mode === 'list') {
      if (isListComplete(msg)) {
        this.#settle(id, p);
        p.resolve({ response: p.response ?? msg, items: p.items, complete: msg } as never);
      } else {
        p.items.push(msg);
        p.onItem?.(msg);
      }
      return true;
    }
    if (p.mode === 'originate' && msg.name === 'OriginateResponse') {
      this.#settle(id, p);
      p.resolve(msg as never);
    }
    return false;
  }

  /** Fail one action (timeout, abort, write error). */
  fail(id: string, err: AmiError): void {
    const p = this.#map.get(id);
    if (p === undefined) return;
    this.#settle(id, p);
    p.reject(err);
  }

  /** Fail every action at once (connection lost): never replayed, so an Originate never runs twice. */
  failAll(err: AmiError): void {
    for (const id of [...this.#map.keys()]) this.fail(id, err);
  }

  #settle(id: string, p: Pending): void {
    clearTimeout(p.timer);
    p.cleanup();
    if (p.mode === 'list') this.#onLists?.(--this.#lists);
    this.#map.delete(id);
  }
}

function isListStart(msg: AmiMessage): boolean {
  return msg.get('EventList')?.toLowerCase() === 'start';
}

function isListComplete(msg: AmiMessage): boolean {
  // `EventList: Complete` (astman_send_list_complete_start); older modules only end the name in Complete.
  const v = msg.get('EventList');
  return v !== undefined ? v.toLowerCase() === 'complete' : msg.name.endsWith('Complete');
}
