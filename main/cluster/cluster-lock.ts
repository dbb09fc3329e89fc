import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * The stable advisory-lock key of a once-per-cluster job: the first 8 bytes of sha1("shipshape:" + name)
 * as a signed 64-bit integer (decimal text, cast to bigint in SQL). The same on every machine and version.
 */
export function lockKey(name: string): string {
  return createHash('sha1').update(`shipshape:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * The connection this app holds its advisory locks on. PostgreSQL keeps a session-level advisory lock
 * for as long as the connection that took it lives, so the locks cannot sit on pooled connections;
 * when this connection dies (the app crashed, the network or the server went away) every lock it
 * held is released on the server and another app takes the job over. Emits 'lost' then.
 */
export class LockSession extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  /** Bumped whenever the connection is lost: a lock taken under an older generation is no longer held. */
  generation = 0;
  private closed = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly url: string) {
    super();
  }

  /** One statement at a time on the connection (the jobs try their locks side by side). */
  query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
    const result = this.tail.then(async () => (await this.connection()).query(sql, params));
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('the lock session is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: 'shipshape-locks', connectionTimeoutMillis: 5000 });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
      } catch (error) {
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.generation++;
    client.end().catch(() => undefined);
    if (!this.closed) this.emit('lost');
  }
}

/**
 * A job that must run once across every app on the database. On PostgreSQL it is
 * `pg_try_advisory_lock(key)` on this app's lock session; on SQLite there is one machine, so the
 * lock is always held.
 */
export class ClusterLock {
  readonly key: string;
  private heldIn: number | null = null;

  constructor(
    readonly name: string,
    private readonly session: LockSession | null,
  ) {
    this.key = lockKey(name);
  }

  /** Takes the lock if no other app holds it; false otherwise, and when the database cannot be reached. */
  async acquire(): Promise<boolean> {
    if (!this.session) return true;
    if (this.isHeld) return true;
    try {
      const generation = this.session.generation;
      const { rows } = await this.session.query('select pg_try_advisory_lock($1::bigint) as ok', [this.key]);
      const ok = rows[0]?.ok === true;
      this.heldIn = ok && generation === this.session.generation ? generation : null;
      return this.isHeld;
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    if (!this.session || !this.isHeld) return;
    this.heldIn = null;
    await this.session.query('select pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
  }

  get isHeld(): boolean {
    if (!this.session) return true;
    return this.heldIn !== null && this.heldIn === this.session.generation && this.session.connected;
  }
}
