import { EventEmitter } from 'node:events';

/** What the browser receives over `/api/events` (SSE `event:` names). */
export type LiveEvent =
  | { type: 'screenPop'; data: ScreenPop }
  | { type: 'call'; data: { phase: 'answered' | 'ended'; callId: string; pbx: string; extension?: string } }
  | {
      type: 'entry';
      data: { kind: 'recorded' | 'updated' | 'relinked'; ids: string[]; customerIds: string[] };
    };

/** A screen pop: who calls, who they are, which extensions ring. */
export interface ScreenPop {
  callId: string;
  pbx: string;
  source: 'asterisk' | 'yeastar';
  direction: string;
  number: string;
  e164?: string;
  callerName?: string;
  lookup: string;
  customer?: { id: string; name: string; company?: string };
  extensions: string[];
  at: string;
}

interface Subscriber {
  username: string;
  send: (event: LiveEvent) => void;
}

/**
 * Fan-out of live events to SSE connections: screen pops and call updates go to the users mapped to the
 * ringing extensions, Inbox updates to everybody. In-process (one instance); see README "Scale-out".
 */
export class LiveHub {
  readonly #subs = new Set<Subscriber>();
  readonly #bus = new EventEmitter();
  sent = 0;

  subscribe(username: string, send: (event: LiveEvent) => void): () => void {
    const sub = { username, send };
    this.#subs.add(sub);
    return () => this.#subs.delete(sub);
  }

  get connections(): number {
    return this.#subs.size;
  }

  /** Sends to the named users' connections (every tab). */
  toUsers(usernames: readonly string[], event: LiveEvent): void {
    const wanted = new Set(usernames);
    for (const s of this.#subs) if (wanted.has(s.username)) this.#deliver(s, event);
    this.#bus.emit('event', event, usernames);
  }

  broadcast(event: LiveEvent): void {
    for (const s of this.#subs) this.#deliver(s, event);
    this.#bus.emit('event', event, undefined);
  }

  /** In-process observers (tests, logs). */
  onEvent(listener: (event: LiveEvent, usernames: readonly string[] | undefined) => void): () => void {
    this.#bus.on('event', listener);
    return () => this.#bus.off('event', listener);
  }

  #deliver(s: Subscriber, event: LiveEvent): void {
    this.sent++;
    s.send(event);
  }
}
