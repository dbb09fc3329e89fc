import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { AppEvent } from '../../shared/api/contract';
import type { TypedEvent } from '../../shared/events';
import type { EventBus, EventRelay } from '../events';
import type { PostgresStore } from '../store/postgres-store';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'cluster-events' });

/** The one NOTIFY channel every Shipshape process on a database listens on. */
export const EVENTS_CHANNEL = 'shipshape_events';
/**
 * How long events wait for company before they go to the other sites: the events of every unit of
 * work committed meanwhile share one statement (one per order would cost each order a round trip
 * and the database a statement). Screens on the other sites see them this much later.
 */
const SEND_WINDOW_MS = 10;
const CLOSE_WAIT_MS = 1000;
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay clear of it. */
const MAX_PAYLOAD_BYTES = 7900;
/** What travels in a notification: the publishing process, the event's number there, topic, time and data. */
interface Wire {
  o: string;
  i: number;
  t: string;
  at: string;
  d?: unknown;
}

/**
 * Live screens across station servers on one PostgreSQL database. Every event this app publishes
 * is also sent as `NOTIFY shipshape_events` with this process's origin id; every app LISTENs on a
 * connection of its own and re-publishes the events of OTHER processes on its bus.
 *
 * An event published inside a transaction waits for that transaction's COMMIT: once it has
 * succeeded (never after a rollback) the event is delivered here, before the transaction's caller
 * goes on, and queued for the other sites. A screen refreshing on it earlier would read the data
 * before the commit. Outside a transaction the event is delivered here at once and queued.
 *
 * Why not `NOTIFY` inside the transaction: PostgreSQL serialises every committing transaction that
 * has notifications on one lock, and each order's COMMIT then carried them. Sent after the commit,
 * the events of many orders share one statement on the listening connection (measured: see the
 * README's PostgreSQL figures). The price: a process that dies between a COMMIT and that statement
 * leaves the other sites' screens one event short, until their next refresh.
 * The echo of our own events is ignored.
 */
export class LiveEvents implements EventRelay {
  readonly origin = randomUUID();
  private listener: pg.Client | null = null;
  private seq = 0;
  private closed = false;
  /** Payloads waiting to go out on the listening connection, and whether a send is in flight. */
  private outgoing: Array<{ payload: string; topic: string }> = [];
  private sending: Promise<void> | null = null;

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
    const payload = wirePayload({ o: this.origin, i: id, t: event.topic, at: event.at, d: event.data });
    const committed = () => {
      this.bus.forward(event as AppEvent);
      this.queue(payload, event.topic);
    };
    if (this.store.onCommit(committed)) return 'after-commit';
    // Outside a transaction: delivered here at once (by the bus, on 'now'), and queued for the others.
    this.queue(payload, event.topic);
    return 'now';
  }

  /** For the other sites, on the listening connection: one connection keeps this process's events in order. */
  private queue(payload: string, topic: string): void {
    if (!this.listener) return;
    this.outgoing.push({ payload, topic });
    this.sending ??= this.sendOutgoing();
  }

  /**
   * One query at a time on the listening connection (pg deprecates, and pg 9 refuses, a query sent
   * while another is running): events published meanwhile wait, and go out together in the next
   * statement, in the order they were published (one notification per array element, in order).
   */
  private async sendOutgoing(): Promise<void> {
    try {
      while (this.outgoing.length > 0) {
        if (!this.closed) await sleep(SEND_WINDOW_MS);
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
      this.sending = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bus.setRelay(null);
    // The events of the last units of work still go out (at once now, without the window); a
    // database that stopped answering does not hold the close up for more than a second.
    if (this.sending) await Promise.race([this.sending, sleep(CLOSE_WAIT_MS)]);
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
    if (wire.o === this.origin) return; // our own: already delivered here when it was published or committed
    // Another process's event: its data when it fitted, otherwise only the topic (screens refetch on it).
    this.bus.forwardFromCluster({ topic: wire.t, data: wire.d ?? {}, at: wire.at } as AppEvent);
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.bus.setRelay(null);
    this.outgoing = [];
    client.end().catch(() => undefined);
    if (!this.closed) this.onLost(error);
  }
}

/** The JSON payload, without the data when it would not fit in a notification. */
export function wirePayload(wire: Wire): string {
  const full = JSON.stringify(wire);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  const { d: _data, ...topicOnly } = wire;
  return JSON.stringify(topicOnly);
}
