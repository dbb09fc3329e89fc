import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { Kysely, Migrator, type Compilable, type CompiledQuery, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { childLogger } from '../logging/logger';
import { postgresMigrations } from './migrations/postgres-overrides';
import { ShipshapePostgresDialect } from './postgres-dialect';
import { toPostgresPlaceholders, type PostgresStatement } from './postgres-sql';
import type { DB } from './schema';
import type { RunResult } from './store';

const log = childLogger({ module: 'postgres-store' });

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10): each open transaction holds one. */
  poolSize?: number;
  /** Every transaction read-only (default_transaction_read_only), as a read-only SQLite connection is. */
  readonly?: boolean;
}

/** One open top-level transaction: its connection, and `open` turning false at its end (late callbacks then use the pool). */
interface TxRoot {
  client: pg.PoolClient;
  open: boolean;
  /** What runs once the transaction has committed (see onCommit), in the order it was asked for. */
  onCommit: (() => void)[];
  /** Whether the COMMIT succeeded. */
  committed: boolean;
  /** Set by commitWith(): the COMMIT has been sent behind the transaction's last statement. */
  commitSent: boolean;
  /** Called once the transaction has ended (committed or not), outside its context. */
  ended: (() => void)[];
}

/** A transaction or one of its savepoints; nested `tx()` calls under the same frame take turns (`nestedTail`). */
interface TxFrame {
  root: TxRoot;
  depth: number;
  nestedTail: Promise<void>;
}

type Queryable = pg.Pool | pg.PoolClient;

/** SQLSTATEs after which the whole transaction can simply run again: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 6;
/** A statement is prepared by name (planned once per connection) from its second run on, up to this many names. */
const MAX_NAMED_STATEMENTS = 2000;
const MAX_REMEMBERED_TEXTS = 10_000;
/** A COMMIT that PostgreSQL could only answer with ROLLBACK. */
const CAUGHT_FAILURE = 'The transaction was rolled back: a statement in it failed and the error was caught (wrap such a statement in its own tx() to recover from it)';

const OID = { bool: 16, int8: 20, numeric: 1700 } as const;

/**
 * Rows as SQLite gives them: bigint columns (ids, money, grams, timestamps in ms), count(*) and
 * sum() come back as JS numbers, not strings, and boolean expressions (`exists(…)`, `a = b`) as 1/0.
 * Our values stay far below 2^53. Per pool, so other `pg` users in the process keep pg's defaults.
 */
const SQLITE_LIKE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === OID.int8 || oid === OID.numeric) return (value: string) => Number(value);
      if (oid === OID.bool) return (value: string) => (value === 't' ? 1 : 0);
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The store on PostgreSQL 15+: the same asynchronous surface as the SQLite `Store`
 * (main/store/store.ts), so services run unchanged on either engine. A `pg.Pool` of connections;
 * kysely (with the Shipshape PostgreSQL dialect) is the typed builder, compiling to `$1…`.
 *
 * Unlike SQLite's one writer, transactions here run side by side, each on its own connection from
 * the pool, carried down the async call chain by AsyncLocalStorage: every statement inside a
 * `tx()` runs on that transaction's connection; statements outside any transaction run on any free
 * connection and never wait for an open transaction. Isolation is PostgreSQL's READ COMMITTED:
 * oversell-proof writes must be conditional updates (`… where available >= ?`) or take row locks.
 */
export class PostgresStore {
  readonly engine = 'postgres' as const;
  readonly pool: pg.Pool;
  /** Typed builder: compile with it, run through all/get/run (like Store). Migrations execute through it. */
  readonly kysely: Kysely<DB>;
  /** The server address without its password (stands where Store keeps its file path). */
  readonly path: string;
  private readonly transactions = new AsyncLocalStorage<TxFrame>();
  private readonly converted = new Map<string, PostgresStatement>();
  private readonly runs = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private closing: Promise<void> | null = null;

  constructor(
    readonly url: string,
    options: PostgresStoreOptions = {},
  ) {
    this.path = withoutPassword(url);
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: SQLITE_LIKE_TYPES,
      application_name: 'shipshape',
      // A query is written at once even while an earlier one on the connection awaits its answer: a
      // transaction's BEGIN and its first statement leave together (topLevel), one round trip less
      // per transaction. Statements a caller awaits one by one are unaffected.
      pipeline: true,
      ...(options.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // An idle connection the server dropped (a restart, a network cut) is discarded by the pool
    // and the next statement opens a fresh one; without a listener the error would end the process.
    this.pool.on('error', () => {});
    this.kysely = new Kysely<DB>({ dialect: new ShipshapePostgresDialect({ pool: this.pool }) });
  }

  async all<R>(query: Compilable<R> | CompiledQuery<R>): Promise<R[]> {
    const c = compiled(query);
    return (await this.execute(c.sql, c.parameters)).rows as R[];
  }

  async get<R>(query: Compilable<R> | CompiledQuery<R>): Promise<R | undefined> {
    const c = compiled(query);
    return (await this.execute(c.sql, c.parameters)).rows[0] as R | undefined;
  }

  /**
   * Rows changed. PostgreSQL has no "last insert rowid": an insert that needs its id says
   * `.returning('id')` and runs through get(); here `lastInsertRowid` is that `id` when the
   * statement returned one, and reading it otherwise throws rather than answering a wrong 0.
   */
  async run(query: Compilable<unknown> | CompiledQuery<unknown>): Promise<RunResult> {
    const c = compiled(query);
    const result = await this.execute(c.sql, c.parameters);
    const id = (result.rows[0] as { id?: unknown } | undefined)?.id;
    const changes = result.rowCount ?? 0;
    if (typeof id === 'number') return { changes, lastInsertRowid: id };
    return {
      changes,
      get lastInsertRowid(): number {
        throw new Error("PostgreSQL has no last insert rowid: add .returning('id') to the insert and read the row (store.get)");
      },
    };
  }

  /** Raw SQL with SQLite-style `?` parameters; the rows of any statement that returns rows, [] otherwise. */
  async raw<R = unknown>(sql: string, ...params: unknown[]): Promise<R[]> {
    const statement = this.compileStatement(sql, params);
    return (await this.execute(statement.text, params, statement.multiStatement)).rows as R[];
  }

  /** Runs a write and returns how many rows it changed (for conditional updates: 0 = the condition failed). */
  async update(sql: string, ...params: unknown[]): Promise<number> {
    const statement = this.compileStatement(sql, params);
    return (await this.execute(statement.text, params, statement.multiStatement)).rowCount ?? 0;
  }

  /**
   * Inserts one row and returns its id (` returning id` is appended unless the SQL has its own
   * RETURNING, whose `id` — or first column — is returned). 0 when no row was inserted (`on conflict do nothing`).
   */
  async insert(sql: string, ...params: unknown[]): Promise<number> {
    const statement = this.compileStatement(sql, params);
    const text = statement.returning ? statement.text : `${statement.text.replace(/[\s;]+$/, '')} returning id`;
    const row = (await this.execute(text, params)).rows[0] as Record<string, unknown> | undefined;
    if (!row) return 0;
    return Number('id' in row ? row.id : Object.values(row)[0]);
  }

  /**
   * Runs `fn` in a transaction on a connection of its own (BEGIN … COMMIT). A `tx()` inside a
   * `tx()`, anywhere down the call chain, is a SAVEPOINT: a nested failure undoes only its part.
   * A top-level transaction that fails with a serialization failure or a deadlock is rolled back
   * and run again from the start (a few times, after a short random pause), so `fn` must be safe
   * to re-run: its effects outside the database (events, HTTP calls) belong after the commit.
   */
  async tx<T>(fn: () => Promise<T> | T): Promise<T> {
    const frame = this.transactions.getStore();
    if (frame?.root.open) return this.savepoint(frame, fn);
    return retrying(() => this.topLevel(fn));
  }

  /**
   * The same as tx(). On SQLite this skips the commit's fsync for work made durable by a later
   * syncWal(); PostgreSQL's counterpart (`synchronous_commit = off`) has no cheap client-side
   * "flush now" to pair it with, so every commit stays durable here — concurrent commits share
   * their WAL flush on the server anyway (PostgreSQL's own group commit).
   */
  txWithoutSync<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.tx(fn);
  }

  /**
   * Runs `fn` in a REPEATABLE READ transaction: one consistent picture of the data across its
   * awaits (an export read in pages) while others keep committing. Inside another transaction it
   * simply joins it, as on SQLite.
   */
  async snapshot<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inTransaction) return fn();
    return retrying(() => this.topLevel(fn, 'begin isolation level repeatable read'));
  }

  /**
   * Runs `fn` once the caller's transaction has committed, before its `tx()` resolves, and returns
   * true (false outside a transaction: the caller acts at once). Never after a rollback; a savepoint
   * rolled back drops what was asked for inside it. Live events use it: published inside a unit of
   * work, they are delivered (here and to the other sites) only once that work is committed.
   */
  onCommit(fn: () => void): boolean {
    const frame = this.transactions.getStore();
    if (!frame?.root.open) return false;
    frame.root.onCommit.push(fn);
    return true;
  }

  /**
   * Runs a statement as the LAST of the caller's transaction, with its COMMIT sent right behind it
   * (pipeline mode) instead of after its answer: a row lock the statement takes (a flash sale's hot
   * SKU) is released by the server right after the commit's WAL flush, never held while this
   * process waits to be scheduled, read the answer and send COMMIT; and one round trip less. A
   * statement that fails makes that COMMIT a ROLLBACK: the error is thrown and the transaction is
   * over. So the statement itself must refuse (raise) when its work cannot be done. Null, sending
   * nothing, when the caller is not directly in a top-level transaction (a savepoint cannot
   * commit): the caller then runs the statement as usual. After it the transaction takes no more.
   */
  async commitWith<R>(sql: string, ...params: unknown[]): Promise<R[] | null> {
    const frame = this.transactions.getStore();
    if (!frame?.root.open || frame.depth > 0 || frame.root.commitSent) return null;
    const { root } = frame;
    const statement = this.compileStatement(sql, params);
    const last = root.client.query({ text: statement.text, values: bindable(params) as unknown[], name: this.nameFor(statement.text) });
    const commit = root.client.query('commit');
    root.commitSent = true;
    commit.catch(() => undefined); // awaited below, or the statement's failure is the one reported
    let rows: R[];
    try {
      rows = (await last).rows as R[];
    } catch (error) {
      // Its COMMIT (answered ROLLBACK) is still on the wire: the connection goes back to the pool
      // only once the transaction has ended there.
      await commit.catch(() => undefined);
      throw error;
    }
    if ((await commit).command === 'ROLLBACK') throw new Error(CAUGHT_FAILURE);
    root.committed = true;
    return rows;
  }

  /**
   * Resolves once the caller's transaction has ended (at once outside one), so that work scheduled
   * from inside it (after-commit passes) starts when the COMMIT's round trip is over, without polling.
   */
  transactionEnded(): Promise<void> {
    const frame = this.transactions.getStore();
    if (!frame?.root.open) return Promise.resolve();
    return new Promise((resolve) => frame.root.ended.push(resolve));
  }

  /** One statement to run many times (bulk inserts): a named prepared statement after its first use. */
  statement(sql: string): { run(...params: unknown[]): Promise<RunResult> } {
    return {
      run: async (...params) => {
        const statement = this.compileStatement(sql, params);
        const result = await this.execute(statement.text, params, statement.multiStatement);
        return { changes: result.rowCount ?? 0, lastInsertRowid: 0 };
      },
    };
  }

  /** Whether close() has not been called (background work that outlives a close checks it). */
  get open(): boolean {
    return this.closing === undefined || this.closing === null;
  }

  get inTransaction(): boolean {
    return this.transactions.getStore()?.root.open === true;
  }

  /** Direct better-sqlite3 access has no PostgreSQL counterpart: callers branch on the engine first. */
  async exclusive<T>(_work: (sqlite: Database.Database) => T): Promise<T> {
    throw new Error(`store.exclusive() is SQLite-only (direct better-sqlite3 access); this store is PostgreSQL (${this.path})`);
  }

  /** Every commit is already durable when it returns (see txWithoutSync). */
  syncWal(): Promise<void> {
    return Promise.resolve();
  }

  /** The server checkpoints on its own: nothing to run here. */
  startBackgroundCheckpoints(_options: { intervalMs?: number } = {}): null {
    return null;
  }

  async stopBackgroundCheckpoints(_options: { all?: boolean } = {}): Promise<void> {}

  get backgroundCheckpoints(): null {
    return null;
  }

  get nativeBinding(): undefined {
    return undefined;
  }

  /**
   * Runs every pending migration, each in its own transaction, with the PostgreSQL variants of the
   * few SQLite-only ones (migrations/postgres-overrides.ts). kysely's Migrator holds an advisory
   * lock meanwhile, so several servers starting at once migrate once.
   */
  async migrate(): Promise<void> {
    unwrap(await this.migrator().migrateToLatest());
  }

  /** For migration tests: bring a fresh database exactly to `name`. */
  async migrateTo(name: string): Promise<void> {
    unwrap(await this.migrator().migrateTo(name));
  }

  async appliedMigrations(): Promise<string[]> {
    return (await this.raw<{ name: string }>('select name from schema_migration order by name')).map((r) => r.name);
  }

  /** Ends every connection (once; later calls wait for the same end). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.kysely.destroy(); // ends the pool if kysely ever used it
      if (!this.pool.ended) await this.pool.end();
    })();
    return this.closing;
  }

  private migrator(): Migrator {
    return new Migrator({
      db: this.kysely,
      provider: { getMigrations: async () => postgresMigrations() },
      migrationTableName: 'schema_migration',
      migrationLockTableName: 'schema_migration_lock',
    });
  }

  private async topLevel<T>(fn: () => Promise<T> | T, begin = 'begin'): Promise<T> {
    const client = await this.pool.connect();
    const root: TxRoot = { client, open: true, onCommit: [], committed: false, commitSent: false, ended: [] };
    let broken: Error | undefined;
    // The pool listens for errors only on idle connections: one lost during a transaction (the server
    // stopped) must fail that transaction's statement, not end the process as an unhandled 'error'.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      // Not awaited here: the first statement goes out right behind BEGIN (pipeline mode), so the two
      // share a round trip. BEGIN cannot fail on a connection the pool hands out idle unless the
      // connection itself is lost, which fails the statements behind it too; it is awaited below.
      const began = client.query(begin);
      began.catch(() => undefined);
      try {
        const result = await this.transactions.run({ root, depth: 0, nestedTail: Promise.resolve() }, fn);
        await began;
        if (root.commitSent) {
          if (!root.committed) throw new Error(CAUGHT_FAILURE);
          return result;
        }
        // A transaction in which a statement failed can only roll back, and PostgreSQL answers
        // COMMIT with ROLLBACK there: a caught error inside fn must not pass for a commit.
        const commit = await client.query('commit');
        if (commit.command === 'ROLLBACK') throw new Error(CAUGHT_FAILURE);
        root.committed = true;
        return result;
      } catch (error) {
        try {
          await began.catch(() => undefined);
          // After commitWith() the transaction has ended either way (a failed statement makes its COMMIT a ROLLBACK).
          if (!root.commitSent) await client.query('rollback');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is gone: the pool must not hand it out again
        }
        throw error;
      }
    } finally {
      root.open = false;
      client.off('error', lost);
      client.release(broken);
      if (root.committed) runCommitted(root.onCommit);
      for (const ended of root.ended.splice(0)) ended();
    }
  }

  private async savepoint<T>(parent: TxFrame, fn: () => Promise<T> | T): Promise<T> {
    // Sibling savepoints under one frame take turns: interleaved, a rollback would undo the other's work.
    const previous = parent.nestedTail;
    let done!: () => void;
    parent.nestedTail = new Promise((resolve) => (done = resolve));
    await previous;
    const { client } = parent.root;
    const name = `nested_tx_${parent.depth + 1}`;
    const onCommitBefore = parent.root.onCommit.length;
    try {
      await client.query(`savepoint ${name}`);
      try {
        const result = await this.transactions.run({ root: parent.root, depth: parent.depth + 1, nestedTail: Promise.resolve() }, fn);
        await client.query(`release savepoint ${name}`);
        return result;
      } catch (error) {
        if (parent.root.open) {
          try {
            await client.query(`rollback to savepoint ${name}; release savepoint ${name}`);
            parent.root.onCommit.length = Math.min(parent.root.onCommit.length, onCommitBefore);
          } catch {
            // The transaction itself is lost (connection gone); the top level rolls back and reports `error`.
          }
        }
        throw error;
      }
    } finally {
      done();
    }
  }

  /** The connection a statement runs on: its transaction's, or any free one outside a transaction. */
  private target(): Queryable {
    const frame = this.transactions.getStore();
    return frame?.root.open ? frame.root.client : this.pool;
  }

  private async execute(text: string, params: readonly unknown[], multiStatement = false): Promise<pg.QueryResult> {
    if (this.transactions.getStore()?.root.commitSent) throw new Error(`The transaction's COMMIT has been sent with its last statement (commitWith); this one would run outside it: ${text.slice(0, 200)}`);
    const target = this.target();
    if (multiStatement) {
      if (params.length > 0) throw new Error(`Several statements in one call cannot take parameters: ${text.slice(0, 200)}`);
      const results = (await target.query(text)) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(results) ? results[results.length - 1] : results;
    }
    const config: pg.QueryConfig = { text, values: bindable(params) as unknown[], name: this.nameFor(text) };
    // Outside a transaction each statement is its own transaction, which a deadlock may also end.
    return target === this.pool ? retrying(() => this.pool.query(config)) : target.query(config);
  }

  /** A name (so each connection parses and plans it once) for a statement seen before; bounded. */
  private nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known) return known;
    const seen = (this.runs.get(text) ?? 0) + 1;
    if (seen < 2 || this.names.size >= MAX_NAMED_STATEMENTS) {
      if (this.runs.size >= MAX_REMEMBERED_TEXTS) this.runs.clear();
      this.runs.set(text, seen);
      return undefined;
    }
    this.runs.delete(text);
    const name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  private compileStatement(sql: string, params: readonly unknown[]): PostgresStatement {
    let statement = this.converted.get(sql);
    if (!statement) {
      statement = toPostgresPlaceholders(sql);
      if (this.converted.size >= MAX_REMEMBERED_TEXTS) this.converted.clear();
      this.converted.set(sql, statement);
    }
    if (statement.parameters !== params.length) {
      throw new Error(`The SQL takes ${statement.parameters} parameter(s) but ${params.length} were given: ${sql.slice(0, 200)}`);
    }
    return statement;
  }
}

/** What a committed transaction asked to run after it; one that throws must not turn the commit into a failure. */
function runCommitted(callbacks: readonly (() => void)[]): void {
  for (const fn of callbacks) {
    try {
      fn();
    } catch (error) {
      log.error({ err: error }, 'work after a commit failed');
    }
  }
}

/** Runs `attempt` again after a serialization failure or deadlock, with a short random pause that grows. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await sleep(Math.random() * 5 * 2 ** n);
    }
  }
}

/** A serialization failure or deadlock, also when a service wrapped it (`cause`). */
export function isRetryable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (RETRYABLE.has((e as { code?: string }).code ?? '')) return true;
  }
  return false;
}

function compiled<R>(query: Compilable<R> | CompiledQuery<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

/** As Store binds them: booleans as 1/0 (our flags are integer columns), undefined as NULL. */
function bindable(params: readonly unknown[]): readonly unknown[] {
  for (const p of params) {
    if (typeof p === 'boolean' || p === undefined) return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v));
  }
  return params;
}

function unwrap(result: MigrationResultSet): void {
  if (!result.error) return;
  const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
  const err = result.error instanceof Error ? result.error : new Error(String(result.error));
  throw new Error(`Migration ${failed} failed on PostgreSQL: ${err.message}`, { cause: err });
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
