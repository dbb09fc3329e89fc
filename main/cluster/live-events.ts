import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AppEvent } from '../../shared/api/contract';
import type { TypedEvent } from '../../shared/events';
import type { EventBus, EventRelay } from '../events';
import type { PostgresStore } from '../store/postgres-store';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'cluster-events' });

/** The one NOTIFY channel every Shipshape process on a database listens on. */
export const EVENTS_CHANNEL = 'shipshape_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay clear of it. */
const MAX_PAYLOAD_BYTES = 7900;
/** How long an event published inside a transaction waits for its commit's echo before it is forgotten (a rollback). */
const PENDING_TTL_MS = 10 * 60_000;

/** What travels in a notification: the publishing process, the event, and whether that process delivers it on the echo. */
interface Wire {
  o: string;
  i: number;
  t: string;
  at: string;
  d?: unknown;
  /** 1: published inside a transaction, so its own process delivers it when the commit's notification comes back. */
  l?: 1;
}

/**
 * Live screens across station servers on one PostgreSQL database. Every event this app publishes
 * is also sent as `NOTIFY shipshape_events` with this process's origin id; every app LISTENs on a
 * connection of its own and re-publishes the events of OTHER processes on its bus.
 *
 * An event published inside a transaction is sent as `pg_notify` with that transaction's COMMIT,
 * so PostgreSQL delivers it only when the transaction commits (and never when it rolls back). Its
 * own process waits for that echo too before it delivers the event locally: a screen refreshing on
 * it would otherwise read the data before the commit. Outside a transaction the event is delivered
 * here at once and its echo ignored.
 */
export class LiveEvents implements EventRelay {
  readonly origin = randomUUID();
  private listener: pg.Client | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { event: TypedEvent; at: number }>();
  private closed = false;
  /** Payloads waiting to go out on the listening connection, and whether a send is in flight. */
  private outgoing: Array<{ payload: string; topic: string }> = [];
  private sending = false;

  constructor(
    private readonly store: PostgresStore,
    private readonly bus: EventBus,
    /** Called when the listening connection is lost (the database went away). */
    private readonly onLost: (error: Error) => void = () => {},
  ) {}

  /** Whether the listening connection is up (events cross processes). */
  get connected(): boolean {
    return this.listener !== null;
  }

  /** Connects and LISTENs; throws when the database cannot be reached (the caller retries). */
  async connect(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new pg.Client({ connectionString: this.store.url, application_name: 'shipshape-events' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the events connection ended')));
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL && message.payload) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.bus.setRelay(this);
  }

  send(event: TypedEvent): 'now' | 'after-commit' {
    const listener = this.listener;
    if (!listener) return 'now';
    const id = ++this.seq;
    const inTx = this.store.inTransaction;
    const payload = wirePayload({ o: this.origin, i: id, t: event.topic, at: event.at, d: event.data, ...(inTx ? { l: 1 as const } : {}) });
    if (inTx) {
      this.forgetStale();
      this.pending.set(id, { event, at: Date.now() });
      // Part of the transaction: sent with its COMMIT (one round trip for all of its events), delivered
      // only if that commit succeeds; a rollback leaves the pending entry to forgetStale().
      this.store.notifyOnCommit(EVENTS_CHANNEL, payload);
      return 'after-commit';
    }
    // On the listening connection: one connection keeps this process's events in order.
    this.outgoing.push({ payload, topic: event.topic });
    if (!this.sending) void this.sendOutgoing();
    return 'now';
  }

  /**
   * One query at a time on the listening connection (pg deprecates, and pg 9 refuses, a query sent
   * while another is running): events published meanwhile wait, and go out together in the next
   * statement, in the order they were published (one notification per array element, in order).
   */
  private async sendOutgoing(): Promise<void> {
    this.sending = true;
    try {
      while (this.outgoing.length > 0) {
        const batch = this.outgoing.splice(0);
        const listener = this.listener;
        if (!listener) return; // the connection is gone: the other sites will reload when it is back
        try {
          await listener.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [EVENTS_CHANNEL, batch.map((b) => b.payload)]);
        } catch (error) {
          // Closing the app ends the connection under its last sends: nothing to report then.
          if (!this.closed) log.warn({ err: error, topics: [...new Set(batch.map((b) => b.topic))] }, 'could not send live events to the other sites');
        }
      }
    } finally {
      this.sending = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bus.setRelay(null);
    const client = this.listener;
    this.listener = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }

  private receive(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return; // not ours
    }
    if (wire.o === this.origin) {
      // The commit of a transaction that published it: deliver the event as it was published here.
      const pending = wire.l ? this.pending.get(wire.i) : undefined;
      if (pending) {
        this.pending.delete(wire.i);
        this.bus.forward(pending.event as AppEvent);
      }
      return;
    }
    // Another process's event: its data when it fitted, otherwise only the topic (screens refetch on it).
    this.bus.forward({ topic: wire.t, data: wire.d ?? {}, at: wire.at } as AppEvent);
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.bus.setRelay(null);
    // Events published in transactions that can no longer commit are never echoed.
    this.pending.clear();
    this.outgoing = [];
    client.end().catch(() => undefined);
    if (!this.closed) this.onLost(error);
  }

  private forgetStale(): void {
    if (this.pending.size < 1000) return;
    const before = Date.now() - PENDING_TTL_MS;
    for (const [id, p] of this.pending) if (p.at < before) this.pending.delete(id);
  }
}

/** The JSON payload, without the data when it would not fit in a notification. */
export function wirePayload(wire: Wire): string {
  const full = JSON.stringify(wire);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  const { d: _data, ...topicOnly } = wire;
  return JSON.stringify(topicOnly);
}
