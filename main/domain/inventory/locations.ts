import type { BinDto, WarehouseDto } from '../../../shared/api/inventory';
import { invalid, notFound } from '../../../shared/errors';
import type { BinRow, WarehouseRow } from '../../store/schema';
import type { Core } from '../../core';

export function warehouseToDto(w: WarehouseRow): WarehouseDto {
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    address: w.address,
    city: w.city,
    region: w.region,
    postalCode: w.postal_code,
    country: w.country,
    latitude: w.latitude,
    longitude: w.longitude,
    costRank: w.cost_rank,
    depot: { xM: w.depot_x_m, yM: w.depot_y_m },
    active: w.active === 1,
  };
}

export function binToDto(b: BinRow, warehouseCode: string): BinDto {
  return {
    id: b.id,
    warehouse: warehouseCode,
    code: b.code,
    zone: b.zone,
    aisle: b.aisle,
    bay: b.bay,
    level: b.level,
    xM: b.x_m,
    yM: b.y_m,
    pickSequence: b.pick_sequence,
    kind: b.kind,
    isDefault: b.is_default === 1,
  };
}

/** Resolves warehouse, bin and lot references given by code, with errors that name the field. */
export class Locations {
  constructor(private readonly core: Core) {}

  async warehouse(code?: string): Promise<WarehouseRow> {
    const { store } = this.core;
    const row = code
      ? (await store.raw<WarehouseRow>('select * from warehouse where code = ? collate nocase', code))[0]
      : (await store.raw<WarehouseRow>('select * from warehouse where active = 1 order by id limit 1'))[0];
    if (!row) throw invalid(`Unknown warehouse "${code}"`, { field: 'warehouse', issues: [{ path: 'warehouse', message: `unknown warehouse ${code}` }] });
    return row;
  }

  async warehouseById(id: number): Promise<WarehouseRow> {
    const row = (await this.core.store.raw<WarehouseRow>('select * from warehouse where id = ?', id))[0];
    if (!row) throw notFound(`Warehouse ${id}`);
    return row;
  }

  /** A bin by code in a warehouse, or the warehouse's default bin when no code is given. */
  async bin(warehouseId: number, code?: string): Promise<BinRow> {
    const { store } = this.core;
    const row = code
      ? (await store.raw<BinRow>('select * from bin where warehouse_id = ? and code = ? collate nocase', warehouseId, code))[0]
      : ((await store.raw<BinRow>('select * from bin where warehouse_id = ? and is_default = 1 limit 1', warehouseId))[0] ??
        (await store.raw<BinRow>('select * from bin where warehouse_id = ? order by id limit 1', warehouseId))[0]);
    if (!row) throw invalid(code ? `Unknown bin "${code}" in this warehouse` : 'This warehouse has no bins', { field: 'bin', issues: [{ path: 'bin', message: `unknown bin ${code ?? ''}` }] });
    return row;
  }

  /**
   * The lot for a movement: required for lot-tracked products, refused for others. Receiving a
   * new lot code creates it (with its expiry); an existing lot's expiry must not be contradicted.
   */
  async lot(product: { id: number; sku: string; lot_tracked: number }, code: string | undefined, expiresOn: string | undefined, createIfMissing: boolean): Promise<number | null> {
    const { store } = this.core;
    if (!product.lot_tracked) {
      if (code) throw invalid(`${product.sku} is not lot-tracked; remove the lot`, { field: 'lot' });
      return null;
    }
    if (!code) throw invalid(`${product.sku} is lot-tracked: a lot code is required`, { field: 'lot', issues: [{ path: 'lot', message: 'lot is required' }] });
    const existing = (await store.raw<{ id: number; expires_on: string | null }>('select id, expires_on from lot where product_id = ? and code = ?', product.id, code))[0];
    if (existing) {
      if (expiresOn && existing.expires_on && existing.expires_on !== expiresOn) {
        throw invalid(`Lot ${code} of ${product.sku} expires on ${existing.expires_on}, not ${expiresOn}`, { field: 'expiresOn' });
      }
      return existing.id;
    }
    if (!createIfMissing) throw invalid(`Unknown lot "${code}" for ${product.sku}`, { field: 'lot' });
    return (await store.raw<{ id: number }>('insert into lot (product_id, code, expires_on) values (?,?,?) returning id', product.id, code, expiresOn ?? null))[0].id;
  }
}
