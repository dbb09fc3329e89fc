import { sql, type Kysely } from 'kysely';

/**
 * Devices: label and receipt printers (with their profile and last known status), the persisted
 * print queue, serial scales (with the last reading a running app saw), and packing stations that
 * tie printers (by role) and a scale together.
 *
 * A print job is written here before a single byte goes to the printer; the queue worker claims
 * it with a conditional update, so any number of processes sharing this file never send a job
 * twice (see main/devices/print-queue.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('printer')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('zpl','escpos')`))
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('dpi', 'integer', (c) => c.notNull().defaultTo(203).check(sql`dpi in (152,203,300,600)`))
    // Label stock (ZPL) or paper width (ESC/POS: 58 or 80), whole millimetres.
    .addColumn('label_width_mm', 'integer', (c) => c.notNull().defaultTo(102).check(sql`label_width_mm > 0`))
    .addColumn('label_height_mm', 'integer', (c) => c.notNull().defaultTo(152).check(sql`label_height_mm > 0`))
    .addColumn('darkness', 'integer', (c) => c.check(sql`darkness between 0 and 30`))
    .addColumn('offset_x_mm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('offset_y_mm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Last status seen by a running app (~HS for ZPL, reachability for ESC/POS), so every process shows it.
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unknown').check(sql`status in ('unknown','ready','offline','problem')`))
    .addColumn('status_problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('print_job')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('printer_id', 'integer', (c) => c.notNull().references('printer.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull().check(sql`content_type in ('zpl','escpos')`))
    // The exact bytes that go to the printer; a reprint sends these again.
    .addColumn('payload', 'blob', (c) => c.notNull())
    // The document the payload was rendered from (label layout or receipt, JSON) for the preview.
    .addColumn('document', 'text')
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('copy_of', 'integer', (c) => c.references('print_job.id').onDelete('set null'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued').check(sql`state in ('queued','sending','done','failed','cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The worker's head-of-line lookup: the lowest id per printer among queued/sending jobs.
  await db.schema.createIndex('print_job_printer_state').on('print_job').columns(['printer_id', 'state', 'id']).execute();
  await db.schema.createIndex('print_job_state').on('print_job').columns(['state', 'next_attempt_at']).execute();

  await db.schema
    .createTable('scale')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('protocol', 'text', (c) => c.notNull().check(sql`protocol in ('nci','mt-sics','continuous')`))
    .addColumn('port', 'text', (c) => c.notNull())
    .addColumn('baud', 'integer', (c) => c.notNull().defaultTo(9600))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // The latest reading a running app took (throttled), so the CLI and other stations can see it.
    .addColumn('last_grams', 'integer')
    .addColumn('last_stable', 'integer')
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .addColumn('last_reading_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A station keeps working (with that role unassigned) when one of its printers is removed.
  const printerRef = (c: any) => c.references('printer.id').onDelete('set null');
  await db.schema
    .createTable('packing_station')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('shipping_label_printer_id', 'integer', printerRef)
    .addColumn('packing_slip_printer_id', 'integer', printerRef)
    .addColumn('pick_list_printer_id', 'integer', printerRef)
    .addColumn('label_printer_id', 'integer', printerRef)
    .addColumn('scale_id', 'integer', (c) => c.references('scale.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

