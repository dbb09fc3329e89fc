import type { Kysely } from 'kysely';
import { classifyReturnReason } from '../../../shared/return-reasons';

/**
 * Return reasons from a list: each RMA and RMA line gets `reason_code` (too_small, too_large,
 * damaged, defective, not_as_described, changed_mind, other) and `reason_note` (the free text
 * beside it). Existing free-text reasons that name a listed reason ("too small 😕") get its code;
 * the rest become `other` with their text as the note. `reason` stays as the one-line text shown
 * to people and written on refunds. Kysely builders only, so PostgreSQL needs no override.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['rma', 'rma_line']) {
    await db.schema.alterTable(table).addColumn('reason_code', 'text', (c) => c.notNull().defaultTo('other')).execute();
    await db.schema.alterTable(table).addColumn('reason_note', 'text').execute();
    // One update per distinct text: the same words always map the same way.
    const reasons = await db.selectFrom(table).select('reason').distinct().execute();
    for (const { reason } of reasons as { reason: string }[]) {
      const { code, note } = classifyReturnReason(reason);
      await db.updateTable(table).set({ reason_code: code, reason_note: note }).where('reason', '=', reason).execute();
    }
  }
}
