import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0026_system_printer', () => {
  testMigration('0026_system_printer', {
    async before(store) {
      await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('Zebra', 'zpl', 'tcp://10.0.0.5:9100', 'now', 'now')");
      await store.raw("insert into printer (name, language, uri, label_width_mm, created_at, updated_at) values ('Receipts', 'escpos', 'tcp://10.0.0.6', 80, 'now', 'now')");
      const job = async (printerId: number, copyOf: number | null) =>
        await store.raw(
          "insert into print_job (printer_id, content_type, payload, document_kind, copy_of, next_attempt_at, actor, created_at, updated_at) values (?, 'zpl', ?, 'test', ?, 'now', 'owner', 'now', 'now')",
          printerId,
          Buffer.from('^XA^XZ'),
          copyOf,
        );
      await job(1, null);
      await job(1, 1);
      await job(1, null);
      await store.raw('delete from print_job where id = 3'); // the counter must not hand 3 out again
      await store.raw("insert into packing_station (name, shipping_label_printer_id, packing_slip_printer_id, created_at, updated_at) values ('Bench 1', 1, 2, 'now', 'now')");
    },
    async after(store) {
      // Every printer, job (with its reprint link) and station assignment survives the rebuild.
      expect(await store.raw('select id, name, language, label_width_mm from printer order by id')).toEqual([
        { id: 1, name: 'Zebra', language: 'zpl', label_width_mm: 102 },
        { id: 2, name: 'Receipts', language: 'escpos', label_width_mm: 80 },
      ]);
      expect(await store.raw('select id, printer_id, copy_of, payload from print_job order by id')).toEqual([
        { id: 1, printer_id: 1, copy_of: null, payload: Buffer.from('^XA^XZ') },
        { id: 2, printer_id: 1, copy_of: 1, payload: Buffer.from('^XA^XZ') },
      ]);
      expect(await store.raw('select shipping_label_printer_id as label, packing_slip_printer_id as slip from packing_station')).toEqual([{ label: 1, slip: 2 }]);
      expect(await store.raw('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);

      // A system printer and its PDF jobs are allowed now; other languages still are not.
      await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('Office', 'pdf', 'system://Office_Laser', 'now', 'now')");
      const jobId = (await store.raw<{ id: number }>(
        "insert into print_job (printer_id, content_type, payload, document_kind, next_attempt_at, actor, created_at, updated_at) values (3, 'pdf', ?, 'packing_slip', 'now', 'owner', 'now', 'now') returning id",
        Buffer.from('%PDF-1.3'),
      ))[0].id;
      expect(jobId).toBe(4);
      await expect((async () => await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('Laser', 'pcl', 'tcp://x', 'now', 'now')"))()).rejects.toThrow(/CHECK/);

      // Foreign keys still hold: removing a printer takes its jobs and unassigns it from stations.
      await store.raw('delete from printer where id = 1');
      expect(await store.raw('select count(*) as n from print_job where printer_id = 1')).toEqual([{ n: 0 }]);
      expect(await store.raw('select shipping_label_printer_id as label from packing_station')).toEqual([{ label: null }]);
      const plan = await store.raw<{ detail: string }>("explain query plan select min(id) from print_job where printer_id = 3 and state in ('queued','sending')");
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/print_job_printer_state/);
    },
  });
});
