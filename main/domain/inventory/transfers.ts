import { eachInOrder, mapInOrder } from '../../util/in-order';
import type { TransferDto } from '../../../shared/api/inventory';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { CatalogService } from '../catalog/catalog-service';
import { applyMovement, forUpdate } from './ledger';
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
      const id = (await store.raw<{ id: number }>(
        "insert into transfer (from_warehouse_id, to_warehouse_id, status, created_at, actor) values (?,?,'in_transit',?,?) returning id",
        from.id,
        to.id,
        clock.now().toISOString(),
        actor,
      ))[0].id;
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
        await store.raw('insert into transfer_line (transfer_id, product_id, lot_id, quantity) values (?,?,?,?)', id, product.id, lotId, line.quantity);
        await store.raw(
          'insert into stock_level (product_id, warehouse_id, in_transit) values (?,?,?) on conflict (product_id, warehouse_id) do update set in_transit = stock_level.in_transit + excluded.in_transit',
          product.id,
          to.id,
          line.quantity,
        );
        this.core.events.publish('stock.changed', { productId: product.id });
      });
      return await this.get(id);
    });
  }

  async receive(id: number, binCode: string | undefined, actor: string): Promise<TransferDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      const t = (await store.raw<{ status: string; to_warehouse_id: number; from_warehouse_id: number }>(`select status, to_warehouse_id, from_warehouse_id from transfer where id = ?${forUpdate(store)}`, id))[0];
      if (!t) throw notFound(`Transfer ${id}`);
      if (t.status !== 'in_transit') throw conflict(`Transfer ${id} was already received`);
      const bin = await this.locations.bin(t.to_warehouse_id, binCode);
      const from = await this.locations.warehouseById(t.from_warehouse_id);
      for (const line of await store.raw<{ product_id: number; lot_id: number | null; quantity: number }>('select product_id, lot_id, quantity from transfer_line where transfer_id = ?', id)) {
        await applyMovement(this.core, { kind: 'transfer_in', productId: line.product_id, binId: bin.id, lotId: line.lot_id, quantity: line.quantity, reason: `transfer from ${from.code}`, reference: `transfer ${id}`, actor });
        await store.raw('update stock_level set in_transit = in_transit - ? where product_id = ? and warehouse_id = ?', line.quantity, line.product_id, t.to_warehouse_id);
        this.core.events.publish('stock.changed', { productId: line.product_id });
      }
      await store.raw("update transfer set status = 'received', received_at = ? where id = ?", clock.now().toISOString(), id);
      return await this.get(id);
    });
  }

  async get(id: number): Promise<TransferDto> {
    const { store } = this.core;
    const t = (await store.raw<{ id: number; from: string; to: string; status: 'in_transit' | 'received'; created_at: string; received_at: string | null }>(
      `select t.id, f.code as "from", w.code as "to", t.status, t.created_at, t.received_at from transfer t
       join warehouse f on f.id = t.from_warehouse_id join warehouse w on w.id = t.to_warehouse_id where t.id = ?`,
      id,
    ))[0];
    if (!t) throw notFound(`Transfer ${id}`);
    const lines = await store.raw<{ sku: string; lot: string | null; quantity: number }>(
      'select p.sku, lot.code as lot, l.quantity from transfer_line l join product p on p.id = l.product_id left join lot on lot.id = l.lot_id where l.transfer_id = ? order by l.id',
      id,
    );
    return { id: t.id, from: t.from, to: t.to, status: t.status, createdAt: t.created_at, receivedAt: t.received_at, lines };
  }

  async list(status?: 'in_transit' | 'received'): Promise<TransferDto[]> {
    const ids = await this.core.store.raw<{ id: number }>(`select id from transfer ${status ? 'where status = ?' : ''} order by id desc limit 200`, ...(status ? [status] : []));
    return await mapInOrder(ids, async (r) => await this.get(r.id));
  }
}
