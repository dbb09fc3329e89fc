import { sql, type Kysely } from 'kysely';

/**
 * System printers: a printer whose language is `pdf` prints PDF documents through the operating
 * system's print system (CUPS `lp` on Linux and macOS; Electron's printing on Windows), and its
 * print jobs carry PDF bytes (content_type `pdf`).
 *
 * SQLite cannot change a CHECK constraint in place, so `printer` and `print_job` are rebuilt with
 * the wider checks (the documented 12-step procedure): copied row for row with their ids and
 * AUTOINCREMENT counters, swapped in, indexes recreated. Foreign keys must be off while a parent
 * table is dropped — with them on, the DROP would first delete every print job (cascade) and
 * unassign every station's printers (set null). The migrator does not run SQLite migrations in a
 * transaction, so this one opens its own and refuses to start if foreign keys cannot be turned off.
 * (On PostgreSQL this is `alter table … drop constraint / add constraint`.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  if (fk.rows[0]?.foreign_keys !== 0) throw new Error('0026_system_printer must run outside a transaction (foreign keys could not be turned off)');
  try {
    await sql`begin immediate`.execute(db);
    try {
      const sequences = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence where name in ('printer', 'print_job')`.execute(db);

      await sql`create table printer_0026 (
        id integer primary key autoincrement,
        name text not null unique collate nocase,
        language text not null check (language in ('zpl','escpos','pdf')),
        uri text not null,
        dpi integer default 203 not null check (dpi in (152,203,300,600)),
        label_width_mm integer default 102 not null check (label_width_mm > 0),
        label_height_mm integer default 152 not null check (label_height_mm > 0),
        darkness integer check (darkness between 0 and 30),
        offset_x_mm integer default 0 not null,
        offset_y_mm integer default 0 not null,
        enabled integer default 1 not null,
        status text default 'unknown' not null check (status in ('unknown','ready','offline','problem')),
        status_problems text default '[]' not null,
        status_at text,
        created_at text not null,
        updated_at text not null
      )`.execute(db);
      await sql`insert into printer_0026 select id, name, language, uri, dpi, label_width_mm, label_height_mm, darkness, offset_x_mm, offset_y_mm, enabled, status, status_problems, status_at, created_at, updated_at from printer`.execute(db);

      await sql`create table print_job_0026 (
        id integer primary key autoincrement,
        printer_id integer not null references printer (id) on delete cascade,
        content_type text not null check (content_type in ('zpl','escpos','pdf')),
        payload blob not null,
        document text,
        document_kind text not null,
        reference text,
        copy_of integer references print_job (id) on delete set null,
        state text default 'queued' not null check (state in ('queued','sending','done','failed','cancelled')),
        attempts integer default 0 not null,
        last_error text,
        next_attempt_at text not null,
        claimed_by text,
        claimed_at text,
        actor text not null,
        created_at text not null,
        sent_at text,
        updated_at text not null
      )`.execute(db);
      await sql`insert into print_job_0026 select id, printer_id, content_type, payload, document, document_kind, reference, copy_of, state, attempts, last_error, next_attempt_at, claimed_by, claimed_at, actor, created_at, sent_at, updated_at from print_job`.execute(db);

      await sql`drop table print_job`.execute(db);
      await sql`drop table printer`.execute(db);
      await sql`alter table printer_0026 rename to printer`.execute(db);
      await sql`alter table print_job_0026 rename to print_job`.execute(db);
      await sql`create index print_job_printer_state on print_job (printer_id, state, id)`.execute(db);
      await sql`create index print_job_state on print_job (state, next_attempt_at)`.execute(db);
      // Ids of deleted rows are never handed out again, as before the rebuild.
      for (const s of sequences.rows) await sql`update sqlite_sequence set seq = max(seq, ${s.seq}) where name = ${s.name}`.execute(db);

      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`0026_system_printer: ${broken.rows.length} rows point at missing rows after the rebuild`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
