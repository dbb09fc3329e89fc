import type { BinDto, WarehouseDto } from '../../../shared/api/inventory';
import { conflict } from '../../../shared/errors';
import type { Core } from '../../core';
import { noCase } from '../../store/no-case';
import { binToDto, warehouseToDto, type Locations } from './locations';

type WarehouseInput = Omit<WarehouseDto, 'id' | 'active'> & { renameFrom?: string };
type BinInput = Omit<BinDto, 'id' | 'isDefault'>;

/** Warehouses (address, coordinates, depot) and their bins (layout, pick sequence, kind). */
export class WarehouseService {
  constructor(
    private readonly core: Core,
    private readonly locations: Locations,
  ) {}

  async list(): Promise<WarehouseDto[]> {
    return (await this.core.store.all(this.core.store.kysely.selectFrom('warehouse').selectAll().orderBy('id'))).map(warehouseToDto);
  }

  async upsert(input: WarehouseInput): Promise<WarehouseDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const key = input.renameFrom ?? input.code;
      const existing = await store.get(store.kysely.selectFrom('warehouse').select('id').where('code', '=', noCase(key)));
      const values = {
        code: input.code, name: input.name, address: input.address, city: input.city, region: input.region, postal_code: input.postalCode,
        country: input.country, latitude: input.latitude, longitude: input.longitude, cost_rank: input.costRank, depot_x_m: input.depot.xM, depot_y_m: input.depot.yM,
      };
      if (existing) {
        if (input.renameFrom && (await store.get(store.kysely.selectFrom('warehouse').select('id').where('code', '=', noCase(input.code)).where('id', '<>', existing.id)))) {
          throw conflict(`Warehouse code ${input.code} is already used`);
        }
        await store.run(store.kysely.updateTable('warehouse').set(values).where('id', '=', existing.id));
      } else {
        const created = await store.get(store.kysely.insertInto('warehouse').values(values).returning('id'));
        // Every warehouse starts with a default bin, so stock can be received at once.
        await store.run(store.kysely.insertInto('bin').values({ warehouse_id: created!.id, code: 'DEFAULT', kind: 'pick', is_default: 1 }));
      }
      return warehouseToDto(await this.locations.warehouse(input.code));
    });
  }

  async bins(warehouse: string, zone?: string): Promise<BinDto[]> {
    const w = await this.locations.warehouse(warehouse);
    let q = this.core.store.kysely.selectFrom('bin').selectAll().where('warehouse_id', '=', w.id);
    if (zone !== undefined) q = q.where('zone', '=', zone);
    return (await this.core.store.all(q.orderBy('pick_sequence').orderBy('code'))).map((b) => binToDto(b, w.code));
  }

  async upsertBin(input: BinInput): Promise<BinDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const w = await this.locations.warehouse(input.warehouse);
      const values = { zone: input.zone, aisle: input.aisle, bay: input.bay, level: input.level, x_m: input.xM, y_m: input.yM, pick_sequence: input.pickSequence, kind: input.kind };
      const existing = await store.get(store.kysely.selectFrom('bin').select(['id', 'kind']).where('warehouse_id', '=', w.id).where('code', '=', noCase(input.code)));
      if (existing) {
        if (existing.kind !== input.kind && (await store.get(store.kysely.selectFrom('stock_balance').select('id').where('bin_id', '=', existing.id).where('on_hand', '>', 0).limit(1)))) {
          // Changing a stocked bin's kind would silently change what is sellable.
          throw conflict(`Bin ${input.code} holds stock; move it out before changing the bin's kind`);
        }
        await store.run(store.kysely.updateTable('bin').set(values).where('id', '=', existing.id));
      } else {
        await store.run(store.kysely.insertInto('bin').values({ warehouse_id: w.id, code: input.code, ...values }));
      }
      return binToDto(await this.locations.bin(w.id, input.code), w.code);
    });
  }
}
