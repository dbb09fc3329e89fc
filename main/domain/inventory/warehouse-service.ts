import type { BinDto, WarehouseDto } from '../../../shared/api/inventory';
import { conflict } from '../../../shared/errors';
import type { BinRow, WarehouseRow } from '../../store/schema';
import type { Core } from '../../core';
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
    return (await this.core.store.raw<WarehouseRow>('select * from warehouse order by id')).map(warehouseToDto);
  }

  async upsert(input: WarehouseInput): Promise<WarehouseDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const key = input.renameFrom ?? input.code;
      const existing = (await store.raw<{ id: number }>('select id from warehouse where code = ? collate nocase', key))[0];
      const values = [input.code, input.name, input.address, input.city, input.region, input.postalCode, input.country, input.latitude, input.longitude, input.costRank, input.depot.xM, input.depot.yM];
      if (existing) {
        if (input.renameFrom && (await store.raw('select 1 from warehouse where code = ? collate nocase and id <> ?', input.code, existing.id)).length) {
          throw conflict(`Warehouse code ${input.code} is already used`);
        }
        await store.raw(
          'update warehouse set code=?, name=?, address=?, city=?, region=?, postal_code=?, country=?, latitude=?, longitude=?, cost_rank=?, depot_x_m=?, depot_y_m=? where id = ?',
          ...values,
          existing.id,
        );
      } else {
        const id = (await store.raw<{ id: number }>(
          'insert into warehouse (code, name, address, city, region, postal_code, country, latitude, longitude, cost_rank, depot_x_m, depot_y_m) values (?,?,?,?,?,?,?,?,?,?,?,?) returning id',
          ...values,
        ))[0].id;
        // Every warehouse starts with a default bin, so stock can be received at once.
        await store.raw("insert into bin (warehouse_id, code, kind, is_default) values (?, 'DEFAULT', 'pick', 1)", id);
      }
      return warehouseToDto(await this.locations.warehouse(input.code));
    });
  }

  async bins(warehouse: string, zone?: string): Promise<BinDto[]> {
    const w = await this.locations.warehouse(warehouse);
    return (await this.core.store
      .raw<BinRow>("select * from bin where warehouse_id = ? and (cast(? as text) is null or zone = ?) order by pick_sequence, code", w.id, zone ?? null, zone ?? null))
      .map((b) => binToDto(b, w.code));
  }

  async upsertBin(input: BinInput): Promise<BinDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const w = await this.locations.warehouse(input.warehouse);
      const values = [input.zone, input.aisle, input.bay, input.level, input.xM, input.yM, input.pickSequence, input.kind];
      const existing = (await store.raw<{ id: number; kind: string }>('select id, kind from bin where warehouse_id = ? and code = ? collate nocase', w.id, input.code))[0];
      if (existing) {
        if (existing.kind !== input.kind && (await store.raw('select 1 from stock_balance where bin_id = ? and on_hand > 0', existing.id)).length) {
          // Changing a stocked bin's kind would silently change what is sellable.
          throw conflict(`Bin ${input.code} holds stock; move it out before changing the bin's kind`);
        }
        await store.raw('update bin set zone=?, aisle=?, bay=?, level=?, x_m=?, y_m=?, pick_sequence=?, kind=? where id = ?', ...values, existing.id);
      } else {
        await store.raw('insert into bin (warehouse_id, code, zone, aisle, bay, level, x_m, y_m, pick_sequence, kind) values (?,?,?,?,?,?,?,?,?,?)', w.id, input.code, ...values);
      }
      return binToDto(await this.locations.bin(w.id, input.code), w.code);
    });
  }
}
