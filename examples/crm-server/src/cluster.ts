import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** Channel of the live-event fan-out. */
const CHANNEL = 'crm_live';
/** Key of the advisory lock that elects the instance holding the PBX event connections. */
const LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('pbxkit-crm:pbx-events')) AS locked";

interface ClusterEvents {
  leader: [isLeader: boolean];
  message: [payload: unknown];
  error: [error: Error];
}

/**
 * Coordination between instances through PostgreSQL only (DESIGN.md "Beyond one machine"), on one dedicated
 * session: a session-level advisory lock elects the instance that ingests PBX events (it frees itself when the
 * instance or its connection dies, and another instance takes it within `retryMs`), and LISTEN/NOTIFY fans
 * live events out to every instance's SSE clients.
 */
export class Cluster extends EventEmitter<ClusterEvents> {
  readonly instanceId = randomUUID();
  #client: pg.Client | undefined;
  #leader = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  received = 0;
  published = 0;

  constructor(
    readonly url: string,
    readonly retryMs = 5000,
  ) {
    super();
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  /** Connects, listens, and tries for the lock (then keeps trying every `retryMs`). */
  async start(): Promise<void> {
    await this.#connect();
    this.#schedule(0);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const { from, payload } = JSON.parse(n.payload) as { from: string; payload: unknown };
        // Our own messages were already delivered locally.
        if (from === this.instanceId) return;
        this.received++;
        this.emit('message', payload);
      } catch (error) {
        this.emit('error', error as Error);
      }
    });
    client.on('error', (error) => this.#lost(error));
    client.on('end', () => this.#lost(new Error('cluster connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#client = client;
  }

  /** The session died: the lock is gone with it. Step down, reconnect later. */
  #lost(error: Error): void {
    if (this.#closed || !this.#client) return;
    this.#client = undefined;
    this.emit('error', error);
    this.#setLeader(false);
    this.#schedule(this.retryMs);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#tick().catch((e) => this.emit('error', e as Error));
    }, ms);
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    try {
      if (!this.#client) await this.#connect();
      if (!this.#leader && this.#client) {
        const { rows } = await this.#query<{ locked: boolean }>(this.#client, LOCK_SQL);
        if (rows[0]?.locked) this.#setLeader(true);
      }
    } finally {
      if (!this.#leader) this.#schedule(this.retryMs);
    }
  }

  /** One query at a time on the session (pg clients do not pipeline). */
  #query<R extends pg.QueryResultRow>(client: pg.Client, text: string, params?: unknown[]) {
    const run = this.#chain.then(() => client.query<R>(text, params));
    this.#chain = run.catch(() => {});
    return run;
  }

  #setLeader(value: boolean): void {
    if (this.#leader === value) return;
    this.#leader = value;
    this.emit('leader', value);
  }

  /** Sends a live event to the other instances (NOTIFY payloads are limited to 8000 bytes). */
  async publish(payload: unknown): Promise<void> {
    const text = JSON.stringify({ from: this.instanceId, payload });
    if (Buffer.byteLength(text) > 7900) throw new Error('live event too large for NOTIFY');
    const client = this.#client;
    if (!client) throw new Error('cluster connection is down');
    await this.#query(client, 'SELECT pg_notify($1, $2)', [CHANNEL, text]);
    this.published++;
  }

  /** Releases the lock (by ending the session) and stops. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#setLeader(false);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
