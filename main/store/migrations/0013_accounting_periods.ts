import { sql, type Kysely } from 'kysely';

/**
 * Closed accounting periods: the journal of each period, computed once when the period is closed
 * and kept (JSON, with the account names of that day), so every export of it — in any format, at
 * any later time — is the same bytes. Periods never overlap: everything is booked exactly once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounting_period')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('journal', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addCheckConstraint('accounting_period_dates', sql`from_date <= to_date`)
    .execute();
  await db.schema.createIndex('accounting_period_from').on('accounting_period').column('from_date').unique().execute();
}
