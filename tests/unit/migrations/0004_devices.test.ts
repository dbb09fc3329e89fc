import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0004_devices', () => {
  testMigration('0004_devices', {
    async before(store) {
      await store.raw("insert into setting (key, value) values ('shop.name', 'Corner Shop')");
    },
    async after(store) {
      expect(await store.raw('select value from setting')).toEqual([{ value: 'Corner Shop' }]);
      await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('Zebra', 'zpl', 'tcp://10.0.0.5:9100', 'now', 'now')");
      // 4×6 in stock and 203 dpi unless told otherwise; status unknown until a running app checks.
      expect(await store.raw('select dpi, label_width_mm, label_height_mm, status, status_problems from printer')).toEqual([
        { dpi: 203, label_width_mm: 102, label_height_mm: 152, status: 'unknown', status_problems: '[]' },
      ]);
      await expect((async () => await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('ZEBRA', 'zpl', 'tcp://x', 'now', 'now')"))()).rejects.toThrow(/UNIQUE/);
      await expect((async () => await store.raw("insert into printer (name, language, uri, created_at, updated_at) values ('Laser', 'pcl', 'tcp://x', 'now', 'now')"))()).rejects.toThrow(/CHECK/);

      await store.raw(
        "insert into print_job (printer_id, content_type, payload, document_kind, next_attempt_at, actor, created_at, updated_at) values (1, 'zpl', ?, 'test', 'now', 'owner', 'now', 'now')",
        Buffer.from('^XA^XZ'),
      );
      expect(await store.raw('select state, attempts, payload from print_job')).toEqual([{ state: 'queued', attempts: 0, payload: Buffer.from('^XA^XZ') }]);
      await expect((async () => await store.raw("update print_job set state = 'lost'"))()).rejects.toThrow(/CHECK/);

      // The claim query's head-of-line lookup is served by the (printer_id, state, id) index.
      const plan = await store.raw<{ detail: string }>(
        "explain query plan select min(id) from print_job where printer_id = 1 and state in ('queued','sending')",
      );
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/print_job_printer_state/);

      await store.raw("insert into scale (name, protocol, port, created_at, updated_at) values ('Bench', 'nci', '/dev/ttyUSB0', 'now', 'now')");
      await store.raw("insert into packing_station (name, label_printer_id, scale_id, created_at, updated_at) values ('Station 1', 1, 1, 'now', 'now')");
      // Removing a printer keeps the station (role unassigned) and takes the printer's history with it.
      await store.raw('delete from printer where id = 1');
      expect(await store.raw('select label_printer_id, scale_id from packing_station')).toEqual([{ label_printer_id: null, scale_id: 1 }]);
      expect(await store.raw('select count(*) as n from print_job')).toEqual([{ n: 0 }]);
    },
  });
});
