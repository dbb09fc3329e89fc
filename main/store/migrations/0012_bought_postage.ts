import { sql, type Kysely } from 'kysely';

/**
 * Postage bought from an aggregator (EasyPost): each package keeps the provider's reference — its
 * shipment id, for the refund when the label is voided, and its tracker — as JSON
 * `{provider, shipmentId, trackerId}`. Null for labels Shipshape made from its own rate cards.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table shipment_package add column postage_ref text`.execute(db);
}
