import { closeSync, fdatasync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable, type CompiledQuery } from 'kysely';
import { BackgroundCheckpointer } from './checkpointer';
import type { DB } from './schema';

export interface OpenStoreOptions {
  /** Path of a better-sqlite3 native addon built for another runtime (Electron). */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * Another connection of this process runs the background checkpoints (a worker thread's own
   * connection, such as the order intake's): this one keeps SQLite's checkpoint-in-commit only as
   * the same far-off safety valve.
   */
  checkpointsElsewhere?: boolean;
}

type Params = readonly unknown[];

/** With background checkpoints, the writer checkpoints itself only past this many WAL pages. */
const BACKGROUND_AUTOCHECKPOINT_PAGES = 10_000;
/** SQLite's own default, put back when the background checkpointer stops. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The store: one better-sqlite3 connection plus a kysely instance used as a *typed query
 * builder*. Queries are compiled by kysely and executed synchronously through cached prepared
 * statements, because (measured, see TOOLCHAIN.md) kysely's async executor costs ~3x per small
 * transaction and better-sqlite3's synchronous transactions give us savepoints for free:
 * a `tx()` inside a `tx()` is a SAVEPOINT, which is how flash-sale group commits keep every
 * order all-or-nothing inside one durable commit.
 *
 * Dialect-specific SQL stays in this folder (see README, "Store").
 */
export class Store {
  /** The commit durability of every unit of work (see the constructor). */
  static readonly SYNCHRONOUS = 'FULL';
  readonly sqlite: Database.Database;
  /** Typed builder. Use `store.all(q)` etc. to run; use `kysely` async execution only in migrations. */
  readonly kysely: Kysely<DB>;
  private readonly statements = new Map<string, Database.Statement>();
  private walFd: number | null = null;
  private checkpointer: BackgroundCheckpointer | null = null;
  private checkpointHolders = 0;
  private txStatements?: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;

  constructor(
    readonly path: string,
    private readonly options: OpenStoreOptions = {},
  ) {
    this.sqlite = new Database(path, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      readonly: options.readonly ?? false,
    });
    // WAL lets station-server readers work while a writer commits. FULL syncs the WAL at every
    // commit, so whatever the app has confirmed (a stock movement, an accepted order, a label)
    // survives a power cut, not only a crash; that is one fsync (~2 ms) per unit of work. Bursts
    // of webhook orders share theirs (group commit, main/domain/orders/group-commit.ts).
    // A read-only connection (a backup being verified) cannot change the journal mode; it reads the file as it is.
    if (!options.readonly) this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma(`synchronous = ${Store.SYNCHRONOUS}`);
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma('busy_timeout = 5000');
    // Savepoints (one per order in a group commit) and multi-row statements keep undo copies of
    // the pages they touch in a sub-journal; in memory that costs a memcpy, on disk a temp file.
    this.sqlite.pragma('temp_store = MEMORY');
    if (options.checkpointsElsewhere) this.sqlite.pragma(`wal_autocheckpoint = ${BACKGROUND_AUTOCHECKPOINT_PAGES}`);
    this.kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: this.sqlite }) });
  }

  /** Prepared statements are cached by SQL text: kysely compiles identical SQL for identical query shapes. */
  prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Compilable<R> | CompiledQuery<R>): R[] {
    const c = compiled(query);
    return this.prepare(c.sql).all(...bindable(c.parameters)) as R[];
  }

  get<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined {
    const c = compiled(query);
    return this.prepare(c.sql).get(...bindable(c.parameters)) as R | undefined;
  }

  run(query: Compilable<unknown> | CompiledQuery<unknown>): Database.RunResult {
    const c = compiled(query);
    return this.prepare(c.sql).run(...bindable(c.parameters));
  }

  /** Raw SQL with positional parameters, for the few hot or dialect-specific spots. */
  raw<R = unknown>(sql: string, ...params: unknown[]): R[] {
    const stmt = this.prepare(sql);
    if (stmt.reader) return stmt.all(...bindable(params)) as R[];
    stmt.run(...bindable(params));
    return [];
  }

  /** Runs a write and returns how many rows it changed (for conditional updates: 0 = the condition failed). */
  update(sql: string, ...params: unknown[]): number {
    return this.prepare(sql).run(...bindable(params)).changes;
  }

  /** Inserts one row and returns its rowid (no RETURNING clause: SQLite buffers those results). */
  insert(sql: string, ...params: unknown[]): number {
    return Number(this.prepare(sql).run(...bindable(params)).lastInsertRowid);
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction (the write lock is taken up front, so two writers
   * never deadlock upgrading read locks). Nested calls become savepoints. The same protocol as
   * better-sqlite3's `db.transaction(fn)`, on statements prepared once: building a transaction
   * function per call costs more than a small order's SQL.
   */
  tx<T>(fn: () => T): T {
    const nested = this.sqlite.inTransaction;
    const tx = (this.txStatements ??= {
      begin: this.sqlite.prepare('BEGIN IMMEDIATE'),
      commit: this.sqlite.prepare('COMMIT'),
      rollback: this.sqlite.prepare('ROLLBACK'),
      savepoint: this.sqlite.prepare('SAVEPOINT nested_tx'),
      release: this.sqlite.prepare('RELEASE nested_tx'),
      rollbackTo: this.sqlite.prepare('ROLLBACK TO nested_tx'),
    });
    (nested ? tx.savepoint : tx.begin).run();
    try {
      const result = fn();
      if (result instanceof Promise) throw new TypeError('A transaction function cannot return a promise');
      (nested ? tx.release : tx.commit).run();
      return result;
    } catch (error) {
      // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); only undo what is open.
      if (this.sqlite.inTransaction) {
        if (nested) {
          tx.rollbackTo.run();
          tx.release.run();
        } else tx.rollback.run();
      }
      throw error;
    }
  }

  /**
   * Runs `fn` in a transaction whose commit does not wait for the disk (synchronous=NORMAL): for
   * work that is acknowledged only after a later durable point — syncWal(), or a FULL commit, which
   * syncs every WAL frame before it too. Webhook group commits and import batches use it.
   */
  txWithoutSync<T>(fn: () => T): T {
    if (this.sqlite.inTransaction) return this.tx(fn);
    // Prepared once and cached: a pragma() call prepares a fresh statement every time.
    this.prepare('pragma synchronous = NORMAL').run();
    try {
      return this.tx(fn);
    } finally {
      this.prepare(`pragma synchronous = ${Store.SYNCHRONOUS}`).run();
    }
  }

  /**
   * Makes every transaction committed so far durable: fdatasync of the WAL file on libuv's thread
   * pool, so the event loop keeps working while the disk does.
   */
  syncWal(): Promise<void> {
    if (this.path === ':memory:' || this.path === '') return Promise.resolve();
    // The WAL file lives as long as this connection is open (same inode across checkpoints).
    this.walFd ??= openSync(`${this.path}-wal`, 'r');
    const fd = this.walFd;
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Moves WAL checkpoints off this connection's commits onto a worker thread (see checkpointer.ts).
   * Each start is matched by a stop, and the thread runs while anyone holds it: the app's background
   * workers for their lifetime, a long import for its writes — neither stops it under the other.
   * A no-op (null) for an in-memory or read-only store.
   */
  startBackgroundCheckpoints(options: { intervalMs?: number } = {}): BackgroundCheckpointer | null {
    if (this.path === ':memory:' || this.path === '' || this.options.readonly) return null;
    this.checkpointHolders++;
    if (!this.checkpointer) {
      const checkpointer = new BackgroundCheckpointer(this.path, { nativeBinding: this.options.nativeBinding, intervalMs: options.intervalMs });
      this.checkpointer = checkpointer;
      // The safety valve: SQLite's own checkpoint only when ~40 MB of WAL is waiting.
      this.sqlite.pragma(`wal_autocheckpoint = ${BACKGROUND_AUTOCHECKPOINT_PAGES}`);
      // Should the thread end on its own (it could not open the database, say), the writer
      // checkpoints as usual again.
      void checkpointer.exited.then(() => {
        if (this.checkpointer !== checkpointer) return;
        this.checkpointer = null;
        this.checkpointHolders = 0;
        if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      });
    }
    return this.checkpointer;
  }

  /** The better-sqlite3 addon this store loaded, if not the default one (a worker thread's connection loads the same). */
  get nativeBinding(): string | undefined {
    return this.options.nativeBinding;
  }

  /** The background checkpointer, while one runs. */
  get backgroundCheckpoints(): BackgroundCheckpointer | null {
    return this.checkpointer;
  }

  /** Releases one hold; the last one stops the thread (`all`: every hold, as when closing). */
  async stopBackgroundCheckpoints(options: { all?: boolean } = {}): Promise<void> {
    const checkpointer = this.checkpointer;
    if (!checkpointer) return;
    this.checkpointHolders = options.all ? 0 : Math.max(0, this.checkpointHolders - 1);
    if (this.checkpointHolders > 0) return;
    this.checkpointer = null;
    await checkpointer.stop();
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  }

  close(): void {
    // Normally stopped before (the app's workers); never left running past the connection.
    void this.stopBackgroundCheckpoints({ all: true });
    if (this.walFd !== null) closeSync(this.walFd);
    this.walFd = null;
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

function compiled<R>(query: Compilable<R> | CompiledQuery<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 0/1. */
function bindable(params: Params): readonly unknown[] {
  // Hot path (every statement): copy only when a value needs converting.
  for (const p of params) {
    if (typeof p === 'boolean' || p === undefined) return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v));
  }
  return params;
}
