import { sql, type Kysely } from 'kysely';

/**
 * USB HID scales: a scale's protocol may be `usb-hid` (read through node-hid; its `port` is the
 * USB vendor:product id, e.g. "0922:8003").
 *
 * SQLite cannot change a CHECK constraint in place, so `scale` is rebuilt with the wider check (the
 * documented 12-step procedure, as 0026 does for printers): copied row for row with its ids and
 * AUTOINCREMENT counter, swapped in. Foreign keys are off while it is dropped — with them on, the
 * DROP would unassign every packing station's scale (set null). The migrator does not run SQLite
 * migrations in a transaction, so this one opens its own.
 * (On PostgreSQL this is `alter table scale drop constraint / add constraint`.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  if (fk.rows[0]?.foreign_keys !== 0) throw new Error('0028_usb_hid_scales must run outside a transaction (foreign keys could not be turned off)');
  try {
    await sql`begin immediate`.execute(db);
    try {
      const sequences = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence where name = 'scale'`.execute(db);
      await sql`create table scale_0028 (
        id integer primary key autoincrement,
        name text not null unique collate nocase,
        protocol text not null check (protocol in ('nci','mt-sics','continuous','usb-hid')),
        port text not null,
        baud integer default 9600 not null,
        enabled integer default 1 not null,
        last_grams integer,
        last_stable integer,
        last_status text,
        last_message text,
        last_reading_at text,
        created_at text not null,
        updated_at text not null
      )`.execute(db);
      await sql`insert into scale_0028 select id, name, protocol, port, baud, enabled, last_grams, last_stable, last_status, last_message, last_reading_at, created_at, updated_at from scale`.execute(db);
      await sql`drop table scale`.execute(db);
      await sql`alter table scale_0028 rename to scale`.execute(db);
      for (const s of sequences.rows) await sql`update sqlite_sequence set seq = max(seq, ${s.seq}) where name = ${s.name}`.execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`0028_usb_hid_scales: ${broken.rows.length} rows point at missing rows after the rebuild`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
