import { sql } from 'kysely';
import { eachInOrder, mapInOrder } from '../../util/in-order';
import type { TransferDto } from '../../../shared/api/inventory';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { CatalogService } from '../catalog/catalog-service';
import { applyMovement } from './ledger';
import type { Locations } from './locations';

/**
 * Transfers between warehouses: stock leaves the origin bin at once (transfer_out) and is in
 * transit — counted in the destination's `in_transit`, not sellable anywhere — until received
 * (transfer_in) at the destination.
 */
export class TransferService {
  constructor(
    private readonly core: Core,
    private readonly catalog: CatalogService,
    private readonly locations: Locations,
  ) {}

  async create(input: { from: string; to: string; lines: { sku: string; quantity: number; fromBin?: string; lot?: string }[] }, actor: string): Promise<TransferDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      const from = await this.locations.warehouse(input.from);
      const to = await this.locations.warehouse(input.to);
      if (from.id === to.id) throw invalid('A transfer needs two different warehouses; use a bin move inside one', { field: 'to' });
      const id = (await store.get(
        store.kysely.insertInto('transfer')
          .values({ from_warehouse_id: from.id, to_warehouse_id: to.id, status: 'in_transit', created_at: clock.now().toISOString(), actor })
          .returning('id'),
      ))!.id;
      await eachInOrder(input.lines, async (line, i) => {
        const product = await this.catalog.getRow({ sku: line.sku });
        const bin = await this.locations.bin(from.id, line.fromBin);
        let lotId: number | null;
        try {
          lotId = await this.locations.lot(product, line.lot, undefined, false);
        } catch (err) {
          throw invalid(`Line ${i + 1}: ${(err as Error).message}`, { field: `lines.${i}.lot` });
        }
        await applyMovement(this.core, { kind: 'transfer_out', productId: product.id, binId: bin.id, lotId, quantity: -line.quantity, reason: `transfer to ${to.code}`, reference: `transfer ${id}`, actor });
        await store.run(store.kysely.insertInto('transfer_line').values({ transfer_id: id, product_id: product.id, lot_id: lotId, quantity: line.quantity }));
        await store.run(
          store.kysely.insertInto('stock_level')
            .values({ product_id: product.id, warehouse_id: to.id, in_transit: line.quantity })
            .onConflict((oc) => oc.columns(['product_id', 'warehouse_id']).doUpdateSet({ in_transit: sql<number>`stock_level.in_transit + excluded.in_transit` })),
        );
        this.core.events.publish('stock.changed', { productId: product.id });
      });
      return await this.get(id);
    });
  }

  async receive(id: number, binCode: string | undefined, actor: string): Promise<TransferDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      // Locked on PostgreSQL so two receipts of one transfer cannot both book it (SQLite has one writer).
      const t = await store.get(
        store.kysely.selectFrom('transfer').select(['status', 'to_warehouse_id', 'from_warehouse_id']).where('id', '=', id)
          .$if(store.engine === 'postgres', (q) => q.forUpdate()),
      );
      if (!t) throw notFound(`Transfer ${id}`);
      if (t.status !== 'in_transit') throw conflict(`Transfer ${id} was already received`);
      const bin = await this.locations.bin(t.to_warehouse_id, binCode);
      const from = await this.locations.warehouseById(t.from_warehouse_id);
      for (const line of await store.all(store.kysely.selectFrom('transfer_line').select(['product_id', 'lot_id', 'quantity']).where('transfer_id', '=', id))) {
        await applyMovement(this.core, { kind: 'transfer_in', productId: line.product_id, binId: bin.id, lotId: line.lot_id, quantity: line.quantity, reason: `transfer from ${from.code}`, reference: `transfer ${id}`, actor });
        await store.run(
          store.kysely.updateTable('stock_level')
            .set((eb) => ({ in_transit: eb('in_transit', '-', line.quantity) }))
            .where('product_id', '=', line.product_id)
            .where('warehouse_id', '=', t.to_warehouse_id),
        );
        this.core.events.publish('stock.changed', { productId: line.product_id });
      }
      await store.run(store.kysely.updateTable('transfer').set({ status: 'received', received_at: clock.now().toISOString() }).where('id', '=', id));
      return await this.get(id);
    });
  }

  async get(id: number): Promise<TransferDto> {
    const { store } = this.core;
    const t = await store.get(
      store.kysely.selectFrom('transfer as t')
        .innerJoin('warehouse as f', 'f.id', 't.from_warehouse_id')
        .innerJoin('warehouse as w', 'w.id', 't.to_warehouse_id')
        .select(['t.id', 'f.code as from', 'w.code as to', 't.status', 't.created_at', 't.received_at'])
        .where('t.id', '=', id),
    );
    if (!t) throw notFound(`Transfer ${id}`);
    const lines = await store.all(
      store.kysely.selectFrom('transfer_line as l')
        .innerJoin('product as p', 'p.id', 'l.product_id')
        .leftJoin('lot', 'lot.id', 'l.lot_id')
        .select(['p.sku', 'lot.code as lot', 'l.quantity'])
        .where('l.transfer_id', '=', id)
        .orderBy('l.id'),
    );
    return { id: t.id, from: t.from, to: t.to, status: t.status as TransferDto['status'], createdAt: t.created_at, receivedAt: t.received_at, lines };
  }

  async list(status?: 'in_transit' | 'received'): Promise<TransferDto[]> {
    const ids = await this.core.store.all(
      this.core.store.kysely.selectFrom('transfer').select('id').$if(status !== undefined, (q) => q.where('status', '=', status!)).orderBy('id', 'desc').limit(200),
    );
    return await mapInOrder(ids, async (r) => await this.get(r.id));
  }
}
