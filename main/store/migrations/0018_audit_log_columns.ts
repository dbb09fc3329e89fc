import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The audit log gets who-and-how columns (role, transport), what it was about (area, target) and
 * how it ended (outcome: `ok`, or `forbidden`/`unauthorized` for a refused access), indexes for the
 * viewer's newest-first pages (by time, and by actor over time), and becomes append-only: an
 * UPDATE or DELETE raises, so a row, once written, says what happened for good.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['role', 'transport', 'area', 'target'] as const) {
    await db.schema.alterTable('audit_log').addColumn(column, 'text').execute();
  }
  await db.schema
    .alterTable('audit_log')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('ok'))
    .execute();
  // The id breaks ties within one millisecond, so both indexes end in it (SQLite's index entries
  // carry the rowid anyway; PostgreSQL's need it spelled out for the same keyset pages).
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor', 'at', 'id']).execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of appendOnly('audit_log', 'audit log is append-only', postgres)) await sql.raw(statement).execute(db);
}

/**
 * Triggers that refuse UPDATE and DELETE on a table. SQLite raises from a BEFORE trigger;
 * PostgreSQL needs a trigger function, and TRUNCATE (which skips row triggers) its own statement
 * trigger. Written for both now so the PostgreSQL port keeps the same guarantee.
 */
function appendOnly(table: string, message: string, postgres: boolean): string[] {
  if (!postgres) {
    return [
      `create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${message}'); end`,
      `create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${message}'); end`,
    ];
  }
  return [
    `create or replace function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${message}'; end $$`,
    `create trigger ${table}_no_change before update or delete on ${table} for each row execute function ${table}_append_only()`,
    `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function ${table}_append_only()`,
  ];
}
