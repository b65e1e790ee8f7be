import type { LiveEvent } from './api-types.js';

export type { LiveEvent, ScreenPop } from './api-types.js';

interface Subscriber {
  username: string;
  send: (event: LiveEvent) => void;
}

/** A live event as relayed between instances: `to` lists usernames, absent means everybody. */
export interface RelayedEvent {
  event: LiveEvent;
  to?: string[];
}

/**
 * Fan-out of live events to SSE connections: screen pops and call updates go to the users mapped to the
 * ringing extensions, Inbox updates to everybody. With a relay (cluster mode: LISTEN/NOTIFY), every event
 * is also handed to the other instances, which deliver it to their own connections.
 */
export class LiveHub {
  readonly #subs = new Set<Subscriber>();
  #relay: ((message: RelayedEvent) => void) | undefined;
  sent = 0;

  subscribe(username: string, send: (event: LiveEvent) => void): () => void {
    const sub = { username, send };
    this.#subs.add(sub);
    return () => this.#subs.delete(sub);
  }

  get connections(): number {
    return this.#subs.size;
  }

  /** Hands every local event to other instances as well. */
  setRelay(relay: ((message: RelayedEvent) => void) | undefined): void {
    this.#relay = relay;
  }

  /** Sends to the named users' connections (every tab). */
  toUsers(usernames: readonly string[], event: LiveEvent): void {
    this.deliver({ event, to: [...usernames] });
    this.#relay?.({ event, to: [...usernames] });
  }

  broadcast(event: LiveEvent): void {
    this.deliver({ event });
    this.#relay?.({ event });
  }

  /** Delivers to this instance's connections only (events relayed from another instance). */
  deliver({ event, to }: RelayedEvent): void {
    const wanted = to && new Set(to);
    for (const s of this.#subs) {
      if (wanted && !wanted.has(s.username)) continue;
      this.sent++;
      s.send(event);
    }
  }
}
