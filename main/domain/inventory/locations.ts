import type { BinDto, WarehouseDto } from '../../../shared/api/inventory';
import { invalid, notFound } from '../../../shared/errors';
import type { BinRow, WarehouseRow } from '../../store/schema';
import type { Core } from '../../core';
import { noCase } from '../../store/no-case';

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
    const warehouses = store.kysely.selectFrom('warehouse').selectAll();
    const row = await store.get(code ? warehouses.where('code', '=', noCase(code)) : warehouses.where('active', '=', 1).orderBy('id').limit(1));
    if (!row) throw invalid(`Unknown warehouse "${code}"`, { field: 'warehouse', issues: [{ path: 'warehouse', message: `unknown warehouse ${code}` }] });
    return row;
  }

  async warehouseById(id: number): Promise<WarehouseRow> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('warehouse').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Warehouse ${id}`);
    return row;
  }

  /** A bin by code in a warehouse, or the warehouse's default bin when no code is given. */
  async bin(warehouseId: number, code?: string): Promise<BinRow> {
    const { store } = this.core;
    const bins = store.kysely.selectFrom('bin').selectAll().where('warehouse_id', '=', warehouseId);
    const row = code
      ? await store.get(bins.where('code', '=', noCase(code)))
      : ((await store.get(bins.where('is_default', '=', 1).limit(1))) ?? (await store.get(bins.orderBy('id').limit(1))));
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
    const existing = await this.existingLot(product, code, expiresOn);
    if (existing !== null) return existing;
    if (!createIfMissing) throw invalid(`Unknown lot "${code}" for ${product.sku}`, { field: 'lot' });
    const created = await store.get(
      store.kysely.insertInto('lot').values({ product_id: product.id, code, expires_on: expiresOn ?? null })
        .onConflict((oc) => oc.columns(['product_id', 'code']).doNothing())
        .returning('id'),
    );
    if (created) return created.id;
    // Another request created this lot a moment ago (a second station receiving the same delivery,
    // on the same PostgreSQL database; the insert waited for it to commit): use that lot, as if it
    // had been there — including the check that its expiry is not contradicted.
    return (await this.existingLot(product, code, expiresOn))!;
  }

  private async existingLot(product: { id: number; sku: string }, code: string, expiresOn: string | undefined): Promise<number | null> {
    const existing = await this.core.store.get(this.core.store.kysely.selectFrom('lot').select(['id', 'expires_on']).where('product_id', '=', product.id).where('code', '=', code));
    if (!existing) return null;
    if (expiresOn && existing.expires_on && existing.expires_on !== expiresOn) {
      throw invalid(`Lot ${code} of ${product.sku} expires on ${existing.expires_on}, not ${expiresOn}`, { field: 'expiresOn' });
    }
    return existing.id;
  }
}
