import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { CallResult } from '../api/registry';
import type { EventBus } from '../events';
import type { Store } from '../store/store';
import { AppError } from '../../shared/errors';
import { childLogger } from '../logging/logger';
import { ClusterLock, LockSession } from './cluster-lock';
import { LiveEvents } from './live-events';

const log = childLogger({ module: 'cluster' });

export const DEFAULT_RETRY_MS = 5000;

export interface ClusterOptions {
  /** How often a standing-by job tries its lock, and a site that lost the database tries it again (default 5 s). */
  retryMs?: number;
}

/**
 * Several apps (station servers on several sites) on one PostgreSQL database: live events across
 * them (LISTEN/NOTIFY), advisory locks for the jobs that run once per cluster, and knowing when the
 * database cannot be reached. On SQLite the app is alone: no relay, every lock is held, the
 * database file is always there.
 *
 * Emits 'down' when the database is lost and 'up' when it is back (the once-per-cluster jobs pause
 * and resume on them, see once-per-cluster.ts).
 */
export class Cluster extends EventEmitter {
  readonly retryMs: number;
  readonly live: LiveEvents | null = null;
  private readonly session: LockSession | null = null;
  private reachable = true;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    events: EventBus,
    options: ClusterOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    if (store.engine === 'postgres') {
      this.live = new LiveEvents(store, events, (error) => this.lost(error));
      this.session = new LockSession(store.url);
      this.session.on('lost', () => void this.probeSoon());
    }
  }

  /** Connects the live events; a database that cannot be reached now is retried in the background. */
  async start(): Promise<void> {
    if (!this.live) return;
    try {
      await this.live.connect();
    } catch (error) {
      this.lost(error as Error);
    }
  }

  /** A lock for a job that must run once across the cluster (always held on SQLite). */
  lock(name: string): ClusterLock {
    return new ClusterLock(name, this.session);
  }

  /** Whether the database is reachable, as far as this app knows (true on SQLite). */
  get databaseReachable(): boolean {
    return this.reachable;
  }

  /** "host:port" of the PostgreSQL server (the SQLite file path otherwise). */
  get databaseAddress(): string {
    if (this.store.engine !== 'postgres') return this.store.path;
    try {
      const url = new URL(this.store.url);
      return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
    } catch {
      return this.store.path;
    }
  }

  /** Its own code (HTTP 503), not INTERNAL: consoles say "the database cannot be reached" and try again. */
  unreachableError(): AppError {
    return new AppError('UNAVAILABLE', `The shop database at ${this.databaseAddress} cannot be reached; nothing was saved`, {
      reason: 'database-unreachable',
      database: this.databaseAddress,
    });
  }

  /**
   * Runs a call; when the database is known to be gone it answers at once with the clear error
   * (nothing is queued), and an internal error that turns out to be the database going away is
   * answered the same way. PostgreSQL rolls back whatever the call had not committed.
   */
  async guard(call: () => Promise<CallResult>): Promise<CallResult> {
    if (this.store.engine !== 'postgres') return call();
    if (!this.reachable && !(await this.probe())) return { ok: false, error: this.unreachableError().toJSON() };
    const result = await call();
    if (result.ok || result.error.code !== 'INTERNAL') return result;
    if (await this.probe()) return result;
    this.lost(new Error('a call failed and the database does not answer'));
    return { ok: false, error: this.unreachableError().toJSON() };
  }

  /** One fresh connection and `select 1` (not the pool: its connections may be the broken ones). */
  async probe(): Promise<boolean> {
    if (this.store.engine !== 'postgres') return true;
    const client = new pg.Client({ connectionString: this.store.url, connectionTimeoutMillis: 3000, application_name: 'shipshape-probe' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.live?.close();
    await this.session?.close();
  }

  private lost(error: Error): void {
    if (this.closed) return;
    if (this.reachable) {
      this.reachable = false;
      log.error({ err: error, database: this.databaseAddress }, 'the shop database cannot be reached; background jobs pause until it is back');
      this.emit('down');
    }
    this.scheduleReconnect();
  }

  /** The lock connection died: the database may be gone, or only that connection. */
  private async probeSoon(): Promise<void> {
    if (this.closed) return;
    if (await this.probe()) this.emit('locks-lost');
    else this.lost(new Error('the lock connection was lost and the database does not answer'));
  }

  private scheduleReconnect(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.reconnect();
    }, this.retryMs);
    this.retry.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.live?.connect();
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.closed || this.reachable) return;
    this.reachable = true;
    log.info({ database: this.databaseAddress }, 'the shop database is back; background jobs resume');
    this.emit('up');
  }
}
