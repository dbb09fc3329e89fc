import { sql, type Kysely } from 'kysely';

/**
 * One row per product import run, written before the import stages anything and finished in the
 * same transaction as the import's writes. A row still `running` whose process is gone marks an
 * import a crash interrupted: `shipshape check` reports it, and the next start removes its staging
 * folder (`staging_path`) and marks it `interrupted` (the catalog writes are one transaction, so
 * there is nothing to undo).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('product_import')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('staging_path', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('created', 'integer')
    .addColumn('updated', 'integer')
    .addColumn('failed', 'integer')
    .addCheckConstraint('product_import_status', sql`status in ('running', 'done', 'rejected', 'failed', 'interrupted')`)
    .execute();
  // Start-up and `check` look only for unfinished runs.
  await db.schema.createIndex('product_import_status').on('product_import').columns(['status', 'id']).execute();
}
