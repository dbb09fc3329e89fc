import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, fdatasync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable, type CompiledQuery } from 'kysely';
import { BackgroundCheckpointer } from './checkpointer';
import type { DB } from './schema';
import type { PostgresStore } from './postgres-store';
import { releaseTurns, turnsFor, type Turns } from './sqlite-turns';
import { AppError } from '../../shared/errors';

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

/** What a write reports: rows changed, and the rowid of the last row inserted. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/** One open top-level transaction; `open` turns false at its end, so late callbacks that still carry it start their own. */
interface TxFrame {
  store: SqliteStore;
  open: boolean;
  /** The open transaction (of another store) this one began inside, if any: still that store's transaction here. */
  outer: TxFrame | undefined;
}

/**
 * The transactions the current async call chain runs in, of every SqliteStore of this thread: ONE
 * AsyncLocalStorage for all of them, each frame naming its store. Node 20 copies every
 * AsyncLocalStorage ever entered into every promise made afterwards (a hook call and a property per
 * storage, on each of the ~40 promises of an order), and never forgets a closed store's: with one per
 * store, a process that had opened a second store (a test, the bench's raw baseline, a backup being
 * verified) paid for both on every promise.
 */
const transactions = new AsyncLocalStorage<TxFrame>();

/** The nearest frame that is still open, skipping ended ones (so chains of frames never grow with time). */
function openFrame(frame: TxFrame | undefined): TxFrame | undefined {
  while (frame && !frame.open) frame = frame.outer;
  return frame;
}

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
export class SqliteStore {
  readonly engine = 'sqlite' as const;
  /** The commit durability of every unit of work (see the constructor). */
  static readonly SYNCHRONOUS = 'FULL';
  readonly sqlite: Database.Database;
  /** Typed builder. Use `store.all(q)` etc. to run; use `kysely` async execution only in migrations. */
  readonly kysely: Kysely<DB>;
  private readonly statements = new Map<string, Database.Statement>();
  private walFd: number | null = null;
  private checkpointer: BackgroundCheckpointer | null = null;
  private checkpointHolders = 0;
  private txStatementCache?: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;
  /** FIFO turn-taking while a transaction is open (see onConnection()), shared by this thread's connections to the same file. */
  private readonly turns: Turns;

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
    this.sqlite.pragma(`synchronous = ${SqliteStore.SYNCHRONOUS}`);
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma('busy_timeout = 5000');
    // Savepoints (one per order in a group commit) and multi-row statements keep undo copies of
    // the pages they touch in a sub-journal; in memory that costs a memcpy, on disk a temp file.
    this.sqlite.pragma('temp_store = MEMORY');
    if (options.checkpointsElsewhere) this.sqlite.pragma(`wal_autocheckpoint = ${BACKGROUND_AUTOCHECKPOINT_PAGES}`);
    this.kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: this.sqlite }) });
    this.turns = turnsFor(path);
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

  // Every statement goes through exec(): run at once, synchronously, with an already-settled
  // promise whenever it may (mayRunNow(): the connection is free, or the caller is inside the open
  // transaction); only one that must wait for another request's transaction gets a closure and a
  // place in the queue of turns. `how` is a module-level function, so the hot path (an allocated
  // order is eight statements) allocates nothing beyond the promise it returns.

  all<R>(query: Compilable<R> | CompiledQuery<R>): Promise<R[]> {
    const c = compiled(query);
    return this.exec(this.prepare(c.sql), bindable(c.parameters), allRows) as Promise<R[]>;
  }

  get<R>(query: Compilable<R> | CompiledQuery<R>): Promise<R | undefined> {
    const c = compiled(query);
    return this.exec(this.prepare(c.sql), bindable(c.parameters), firstRow) as Promise<R | undefined>;
  }

  run(query: Compilable<unknown> | CompiledQuery<unknown>): Promise<RunResult> {
    const c = compiled(query);
    return this.exec(this.prepare(c.sql), bindable(c.parameters), runResult);
  }

  /**
   * One statement to run many times (bulk inserts of an import or the demo): prepared once and
   * cached here; a named prepared statement on PostgreSQL.
   */
  statement(sql: string): { run(...params: unknown[]): Promise<RunResult> } {
    const stmt = this.prepare(sql);
    return { run: (...params) => this.exec(stmt, bindable(params), runResult) };
  }

  /** Whether the connection is still open (background work that outlives a close checks it). */
  get open(): boolean {
    return this.sqlite.open;
  }

  /** Raw SQL with positional parameters, for the few hot or dialect-specific spots. */
  raw<R = unknown>(sql: string, ...params: unknown[]): Promise<R[]> {
    return this.exec(this.prepare(sql), bindable(params), rawRows) as Promise<R[]>;
  }

  /** Runs a write and returns how many rows it changed (for conditional updates: 0 = the condition failed). */
  update(sql: string, ...params: unknown[]): Promise<number> {
    return this.exec(this.prepare(sql), bindable(params), changedRows);
  }

  /** Inserts one row and returns its rowid (no RETURNING clause: SQLite buffers those results). */
  insert(sql: string, ...params: unknown[]): Promise<number> {
    return this.exec(this.prepare(sql), bindable(params), insertedRowid);
  }

  private exec<T>(stmt: Database.Statement, params: Params, how: (stmt: Database.Statement, params: Params) => T): Promise<T> {
    if (!this.mayRunNow()) return this.inTurn(() => how(stmt, params));
    try {
      return Promise.resolve(how(stmt, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction (the write lock is taken up front, so two writers
   * never deadlock upgrading read locks). A `tx()` inside a `tx()` — anywhere down the call
   * chain, found through AsyncLocalStorage — is a SAVEPOINT, so services compose without passing
   * a transaction around and a nested failure undoes only its own part.
   *
   * The connection is one writer shared by every request of this process: while a transaction is
   * open (across its awaits) every other statement of the process waits its turn in FIFO order
   * (`mayRunNow`, `inTurn`), so no other request's write can slip into it or read its uncommitted rows.
   */
  tx<T>(fn: () => Promise<T> | T): Promise<T> {
    // Not an async function itself: it hands back savepoint()'s or topLevel()'s promise, saving
    // every unit of work a promise and the turns of the microtask queue that adopting it costs.
    return this.inTransaction ? this.savepoint(fn) : this.topLevel(fn, true);
  }

  /**
   * Runs `fn` in a transaction whose commit does not wait for the disk (synchronous=NORMAL): for
   * work that is acknowledged only after a later durable point — syncWal(), or a FULL commit, which
   * syncs every WAL frame before it too. Webhook group commits and import batches use it.
   */
  txWithoutSync<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.inTransaction ? this.savepoint(fn) : this.topLevel(fn, false);
  }

  /**
   * Runs `fn` in a read transaction: one consistent picture of the data across its awaits (an
   * export read in pages), without taking the write lock, so other connections (the intake
   * thread) keep writing meanwhile. Inside another transaction it simply joins it.
   */
  async snapshot<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inTransaction) return fn();
    return this.topLevel(fn, true, 'BEGIN DEFERRED');
  }

  /** True while the caller runs inside one of this store's open transactions. */
  get inTransaction(): boolean {
    // This store's frame in the current call chain (the innermost one of this store), if any.
    let frame = transactions.getStore();
    while (frame && frame.store !== this) frame = frame.outer;
    return frame?.open === true;
  }

  /**
   * Runs synchronous work directly on the connection (better-sqlite3 statements the caller
   * prepares itself: the product import's staging pipeline, integrity checks), in its turn:
   * never inside another request's open transaction.
   */
  exclusive<T>(work: (sqlite: Database.Database) => T): Promise<T> {
    return this.onConnection(() => work(this.sqlite));
  }

  private async topLevel<T>(fn: () => Promise<T> | T, durable: boolean, begin: 'BEGIN IMMEDIATE' | 'BEGIN DEFERRED' = 'BEGIN IMMEDIATE'): Promise<T> {
    // A free connection is taken at once, without waiting a turn of the microtask queue.
    if (this.turns.locked) await this.lockConnection();
    else this.turns.locked = true;
    const frame: TxFrame = { store: this, open: true, outer: openFrame(transactions.getStore()) };
    const tx = this.txStatements();
    try {
      // Prepared once and cached: a pragma() call prepares a fresh statement every time.
      if (!durable) this.prepare('pragma synchronous = NORMAL').run();
      (begin === 'BEGIN IMMEDIATE' ? tx.begin : this.prepare(begin)).run();
      try {
        const result = await transactions.run(frame, fn);
        tx.commit.run();
        return result;
      } catch (error) {
        // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); only undo what is open.
        if (this.sqlite.inTransaction) tx.rollback.run();
        throw error;
      }
    } finally {
      frame.open = false;
      if (!durable && this.sqlite.open) this.prepare(`pragma synchronous = ${SqliteStore.SYNCHRONOUS}`).run();
      this.unlockConnection();
    }
  }

  private async savepoint<T>(fn: () => Promise<T> | T): Promise<T> {
    const tx = this.txStatements();
    tx.savepoint.run();
    try {
      const result = await fn();
      tx.release.run();
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) {
        tx.rollbackTo.run();
        tx.release.run();
      }
      throw error;
    }
  }

  private txStatements() {
    return (this.txStatementCache ??= {
      begin: this.sqlite.prepare('BEGIN IMMEDIATE'),
      commit: this.sqlite.prepare('COMMIT'),
      rollback: this.sqlite.prepare('ROLLBACK'),
      savepoint: this.sqlite.prepare('SAVEPOINT nested_tx'),
      release: this.sqlite.prepare('RELEASE nested_tx'),
      rollbackTo: this.sqlite.prepare('ROLLBACK TO nested_tx'),
    });
  }

  /**
   * A statement runs at once when the connection is free or the caller is inside the open
   * transaction; otherwise it waits until that transaction ends (inTurn). The work itself is
   * synchronous (better-sqlite3), so nothing can interleave once it starts.
   */
  private mayRunNow(): boolean {
    return !this.turns.locked || this.inTransaction;
  }

  private onConnection<T>(work: () => T): Promise<T> {
    if (this.mayRunNow()) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.inTurn(work);
  }

  /** Runs `work` once every transaction ahead of it has ended (FIFO). */
  private inTurn<T>(work: () => T): Promise<T> {
    return this.lockConnection().then(() => {
      try {
        return work();
      } finally {
        this.unlockConnection();
      }
    });
  }

  private lockConnection(): Promise<void> {
    const turns = this.turns;
    if (!turns.locked) {
      turns.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => turns.waiters.push(resolve));
  }

  private unlockConnection(): void {
    const next = this.turns.waiters.shift();
    if (next) next();
    else this.turns.locked = false;
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
    if (this.sqlite.open) {
      this.sqlite.close();
      releaseTurns(this.path);
    }
  }
}

// How exec() runs a statement (module-level, so passing one allocates nothing).
const allRows = (stmt: Database.Statement, params: Params): unknown[] => stmt.all(...params);
const firstRow = (stmt: Database.Statement, params: Params): unknown => stmt.get(...params);
const changedRows = (stmt: Database.Statement, params: Params): number => stmt.run(...params).changes;
const insertedRowid = (stmt: Database.Statement, params: Params): number => Number(stmt.run(...params).lastInsertRowid);
/** What raw() returns: the rows of a statement that reads, nothing for one that only writes. */
const rawRows = (stmt: Database.Statement, params: Params): unknown[] => {
  if (stmt.reader) return stmt.all(...params);
  stmt.run(...params);
  return [];
};
function runResult(stmt: Database.Statement, params: Params): RunResult {
  const result = stmt.run(...params);
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
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

/**
 * The store services use: SQLite (embedded, the default) or PostgreSQL (several sites on one
 * database), with the same asynchronous surface. Code that needs one engine's own features
 * branches on `store.engine`.
 */
export type Store = SqliteStore | PostgresStore;

/** The SQLite store, or a clear refusal naming what has no PostgreSQL counterpart (yet). */
export function sqliteOnly(store: Store, what: string): SqliteStore {
  if (store.engine === 'sqlite') return store;
  throw new AppError('CONFLICT', `${what} works on a SQLite shop file only; this shop runs on PostgreSQL`);
}

/** A unique index refused a row (SQLite's code, or PostgreSQL's SQLSTATE 23505): often another request got there first. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
