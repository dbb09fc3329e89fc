import type { Kysely } from 'kysely';

/**
 * The order queue's warehouse filters at a million orders on PostgreSQL (issue #20). Nothing on
 * SQLite: its queue plans are pinned (INDEXED BY, main/domain/orders/queue-sql.ts) and walk the
 * queue's own indexes, checking each row, where every extra index would cost every order written.
 * PostgreSQL's planner instead hashes the `exists (… order_line … warehouse_id = ?)` of the
 * warehouse filter over ALL order lines (a sequential scan of them per page) and walks whole
 * states for the Unallocated tab; its indexes are in the PostgreSQL override
 * (main/store/migrations/postgres-overrides.ts): order_line (warehouse_id, order_id), and the
 * orders without a warehouse by (status, id).
 */
export async function up(_db: Kysely<any>): Promise<void> {}
