import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0028_usb_hid_scales', () => {
  testMigration('0028_usb_hid_scales', {
    async before(store) {
      await store.raw("insert into scale (name, protocol, port, baud, created_at, updated_at) values ('Bench scale', 'nci', '/dev/ttyUSB0', 9600, 'now', 'now')");
      await store.raw("insert into scale (name, protocol, port, baud, created_at, updated_at) values ('Old scale', 'continuous', '/dev/ttyUSB1', 9600, 'now', 'now')");
      await store.raw('delete from scale where id = 2'); // the counter must not hand 2 out again
      await store.raw("insert into packing_station (name, scale_id, created_at, updated_at) values ('Bench 1', 1, 'now', 'now')");
    },
    async after(store) {
      // Every scale and station assignment survives the rebuild.
      expect(await store.raw('select id, name, protocol, port from scale order by id')).toEqual([{ id: 1, name: 'Bench scale', protocol: 'nci', port: '/dev/ttyUSB0' }]);
      expect(await store.raw('select scale_id from packing_station')).toEqual([{ scale_id: 1 }]);
      expect(await store.raw('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      // A USB HID scale is allowed now (its port is the vendor:product id); other protocols still are not.
      const id = (await store.raw<{ id: number }>("insert into scale (name, protocol, port, created_at, updated_at) values ('Dymo', 'usb-hid', '0922:8003', 'now', 'now') returning id"))[0].id;
      expect(id).toBe(3);
      await expect((async () => await store.raw("insert into scale (name, protocol, port, created_at, updated_at) values ('X', 'bluetooth', 'x', 'now', 'now')"))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw("insert into scale (name, protocol, port, created_at, updated_at) values ('dymo', 'usb-hid', '0922:8003', 'now', 'now')"))()).rejects.toThrow(/UNIQUE/);
      // Foreign keys still hold: removing a scale unassigns it from its station.
      await store.raw('delete from scale where id = 1');
      expect(await store.raw('select scale_id from packing_station')).toEqual([{ scale_id: null }]);
    },
  });
});
