import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable, type CompiledQuery } from 'kysely';
import type { DB } from './schema';

export interface OpenStoreOptions {
  /** Path of a better-sqlite3 native addon built for another runtime (Electron). */
  nativeBinding?: string;
  readonly?: boolean;
}

type Params = readonly unknown[];

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
  readonly sqlite: Database.Database;
  /** Typed builder. Use `store.all(q)` etc. to run; use `kysely` async execution only in migrations. */
  readonly kysely: Kysely<DB>;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly path: string,
    options: OpenStoreOptions = {},
  ) {
    this.sqlite = new Database(path, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      readonly: options.readonly ?? false,
    });
    // WAL lets station-server readers work while a writer commits; NORMAL is durable across
    // application crashes (only a power loss can drop the last commits), the usual WAL pairing.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma('busy_timeout = 5000');
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

  /**
   * Runs `fn` in an IMMEDIATE transaction (the write lock is taken up front, so two writers
   * never deadlock upgrading read locks). Nested calls become savepoints.
   */
  tx<T>(fn: () => T): T {
    if (this.sqlite.inTransaction) return this.sqlite.transaction(fn)();
    return this.sqlite.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

function compiled<R>(query: Compilable<R> | CompiledQuery<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 0/1. */
function bindable(params: Params): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
}
