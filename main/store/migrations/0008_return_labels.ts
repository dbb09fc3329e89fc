import { sql, type Kysely } from 'kysely';

/** Return labels: a shipment can travel back (customer → warehouse), and an RMA points at its label. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table shipment add column direction text not null default 'outbound' check (direction in ('outbound','return'))`.execute(db);
  await sql`alter table rma add column return_shipment_id integer references shipment(id)`.execute(db);
}
