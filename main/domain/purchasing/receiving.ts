import { eachInOrder, mapInOrder } from '../../util/in-order';
import type { ReceiveResultDto, ScanMatchDto } from '../../../shared/api/purchasing';
import { conflict, invalid } from '../../../shared/errors';
import type { Core } from '../../core';
import type { Inventory } from '../inventory/index';
import { applyMovement } from '../inventory/ledger';
import { shopCalendar } from '../calendar/shop-calendar';
import { allocateLandedCosts, landedShareForReceipt, perUnitSplit } from './landed-costs';
import { addDays, type PurchaseOrderService } from './purchase-orders';
import { PUTAWAY_REASON_TEXT, suggestPutawayBin } from './putaway';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from './rows';
import type { PurchaseOrderQueries } from './po-queries';

export interface ReceiveLineInput {
  /** What was scanned or typed: a GTIN, our SKU or the supplier's SKU. */
  code?: string;
  productId?: number;
  /** Good units into stock. */
  quantity: number;
  /** Units that arrived damaged: recorded against the line, not stocked. */
  damaged?: number;
  lot?: string;
  expiresOn?: string;
  /** Put it here instead of the suggested bin. */
  bin?: string;
}

export interface ReceiveInput {
  po: number | string;
  lines: ReceiveLineInput[];
  note?: string;
}

interface LineProduct {
  id: number;
  sku: string;
  name: string;
  lot_tracked: number;
  weight_g: number;
  shelf_life_days: number | null;
  currency: string;
}

/**
 * Receiving against a PO. Goods land directly in their putaway bin (the suggestion, or the bin the
 * receiver names): the putaway list then tells the person where to shelve them, and there is no
 * second "move from receiving" step that could be forgotten while the stock already counts.
 */
export class ReceivingService {
  constructor(
    private readonly core: Core,
    private readonly orders: PurchaseOrderService,
    private readonly inventory: Inventory,
    private readonly queries: PurchaseOrderQueries,
  ) {}

  private receivable(po: PurchaseOrderRow): void {
    if (po.status === 'draft') throw conflict(`${po.number} is still a draft; send it before receiving against it`, { status: po.status });
    if (po.status !== 'sent' && po.status !== 'partially_received') throw conflict(`${po.number} is ${po.status}; nothing more can be received against it`, { status: po.status });
  }

  /** The PO line a code belongs to: the supplier's SKU on the line, then our SKU, GTIN or alias. */
  private async matchLine(po: PurchaseOrderRow, lines: PurchaseOrderLineRow[], ref: { code?: string; productId?: number }, label: string): Promise<PurchaseOrderLineRow> {
    if (ref.productId != null) {
      const line = lines.find((l) => l.product_id === ref.productId);
      if (!line) throw invalid(`${label}: product ${ref.productId} is not on ${po.number}`, { field: 'lines' });
      return line;
    }
    const code = ref.code?.trim();
    if (!code) throw invalid(`${label}: scan or type a code (GTIN, SKU or supplier SKU)`, { field: 'lines' });
    const bySupplierSku = lines.find((l) => l.supplier_sku != null && l.supplier_sku.toLowerCase() === code.toLowerCase());
    if (bySupplierSku) return bySupplierSku;
    const productId = await this.inventory.catalog.lookupId(code);
    if (productId == null) throw invalid(`${label}: '${code}' is not a known GTIN, SKU or supplier SKU`, { field: 'lines' });
    const line = lines.find((l) => l.product_id === productId);
    if (!line) {
      const { store } = this.core;
      const sku = (await store.get(store.kysely.selectFrom('product').select('sku').where('id', '=', productId)))?.sku;
      throw invalid(`${label}: ${sku} is not on ${po.number}`, { field: 'lines' });
    }
    return line;
  }

  private async product(id: number): Promise<LineProduct> {
    const { store } = this.core;
    return (await store.get(store.kysely.selectFrom('product').select(['id', 'sku', 'name', 'lot_tracked', 'weight_g', 'shelf_life_days', 'currency']).where('id', '=', id)))!;
  }

  async matchScan(poRef: number | string, code: string): Promise<ScanMatchDto> {
    const po = await this.orders.resolve(poRef);
    this.receivable(po);
    const line = await this.matchLine(po, await this.orders.lines(po.id), { code }, 'scan');
    const p = await this.product(line.product_id);
    const choice = await suggestPutawayBin(this.core, po.warehouse_id, p.id);
    return {
      lineNo: line.line_no,
      sku: p.sku,
      name: p.name,
      openQty: Math.max(0, line.quantity - line.received_qty - line.damaged_qty),
      casePack: line.case_pack,
      lotTracked: p.lot_tracked === 1,
      shelfLifeDays: p.shelf_life_days,
      putaway: { bin: choice.bin.code, reason: PUTAWAY_REASON_TEXT[choice.reason] },
    };
  }

  /** One receipt: every line or none (one transaction). */
  async receive(input: ReceiveInput, actor: string): Promise<ReceiveResultDto> {
    const { store, clock } = this.core;
    if (input.lines.length === 0) throw invalid('Nothing to receive: add at least one line', { field: 'lines' });
    return await store.tx(async () => {
      const po = await this.orders.resolve(input.po);
      this.receivable(po);
      const lines = await this.orders.lines(po.id);
      const products = new Map(await mapInOrder(lines, async (l) => [l.product_id, await this.product(l.product_id)]));
      const landedTotal = po.freight_cents + po.duty_cents + po.other_cost_cents;
      const shares = allocateLandedCosts(
        landedTotal,
        po.landed_cost_method,
        lines.map((l) => ({ quantity: l.quantity, unitCostCents: l.unit_cost_cents, weightG: products.get(l.product_id)!.weight_g })),
      );
      const shareByLine = new Map(lines.map((l, i) => [l.id, shares[i]]));
      const now = clock.now().toISOString();
      const today = (await shopCalendar(this.core)).today();
      const receiptId = (await store.get(store.kysely.insertInto('po_receipt').values({ po_id: po.id, received_at: now, actor, note: input.note ?? '' }).returning('id')))!.id;
      const taken = new Set<number>();
      const result: ReceiveResultDto['lines'] = [];
      const putawayReasons: Record<string, string> = {};
      let units = 0;
      let damagedTotal = 0;
      let overTotal = 0;

      await eachInOrder(input.lines, async (l, i) => {
        const label = `line ${i + 1}`;
        const damaged = l.damaged ?? 0;
        if (!Number.isInteger(l.quantity) || l.quantity < 0) throw invalid(`${label}: quantity must be a whole number ≥ 0, got ${l.quantity}`, { field: 'lines' });
        if (!Number.isInteger(damaged) || damaged < 0) throw invalid(`${label}: damaged must be a whole number ≥ 0, got ${damaged}`, { field: 'lines' });
        if (l.quantity + damaged === 0) throw invalid(`${label}: nothing received (quantity and damaged are both 0)`, { field: 'lines' });
        // Re-read: an earlier line of this receipt may have received against the same PO line.
        const matched = await this.matchLine(po, lines, l, label);
        const line = (await store.get(store.kysely.selectFrom('purchase_order_line').selectAll().where('id', '=', matched.id)))!;
        const p = products.get(line.product_id)!;
        // The PO's unit cost goes into the moving-average cost as it is (no currency conversion).
        if (p.currency !== po.currency) throw invalid(`${label}: ${p.sku} is costed in ${p.currency} but ${po.number} is in ${po.currency}; Shipshape does not convert currencies, so it cannot be received at this cost`, { field: 'lines' });
        const open = Math.max(0, line.quantity - line.received_qty - line.damaged_qty);
        const over = Math.max(0, Math.min(l.quantity, l.quantity + damaged - open));

        let lotId: number | null = null;
        let lotCode: string | null = null;
        let expiresOn: string | null = null;
        if (l.quantity > 0) {
          if (p.lot_tracked && !l.lot) throw invalid(`${label}: ${p.sku} is lot-tracked — scan or type its lot`, { field: 'lot' });
          if (l.expiresOn && (!/^\d{4}-\d{2}-\d{2}$/.test(l.expiresOn) || Number.isNaN(Date.parse(l.expiresOn)))) throw invalid(`${label}: expiry "${l.expiresOn}" is not a date (YYYY-MM-DD)`, { field: 'expiresOn' });
          // A perishable's lot without a printed expiry sells until its shelf life from today.
          expiresOn = l.expiresOn ?? (p.lot_tracked && p.shelf_life_days != null ? addDays(today, p.shelf_life_days) : null);
          try {
            lotId = await this.inventory.locations.lot(p, l.lot, expiresOn ?? undefined, true);
          } catch (err) {
            if (err instanceof Error) err.message = `${label}: ${err.message}`;
            throw err;
          }
          lotCode = lotId != null ? l.lot ?? null : null;
          if (lotId != null) expiresOn = (await store.get(store.kysely.selectFrom('lot').select('expires_on').where('id', '=', lotId)))!.expires_on;
        } else if (l.lot) {
          lotCode = l.lot;
        }

        let binId: number | null = null;
        let binCode: string | null = null;
        if (l.quantity > 0) {
          if (l.bin) {
            const bin = await this.inventory.locations.bin(po.warehouse_id, l.bin);
            binId = bin.id;
            binCode = bin.code;
            putawayReasons[String(p.id)] = 'chosen';
          } else {
            const choice = await suggestPutawayBin(this.core, po.warehouse_id, p.id, taken);
            binId = choice.bin.id;
            binCode = choice.bin.code;
            if (choice.reason === 'nearest_free') taken.add(choice.bin.id);
            putawayReasons[String(p.id)] = choice.reason;
          }
        }

        // Landed costs: this receipt books the line's share for the good units it brings (see
        // landed-costs.ts); whole cents per unit, so units split into at most two movements
        // (base and base + 1 cent) whose values sum exactly to cost + share.
        const booked =
          (await store.get(store.kysely.selectFrom('po_receipt_line').select((eb) => eb.fn.sum<number | null>(eb('quantity', '*', eb.ref('landed_unit_cents'))).as('v')).where('po_line_id', '=', line.id)))?.v ?? 0;
        const share = landedShareForReceipt(shareByLine.get(line.id) ?? 0, line.quantity, line.received_qty + l.quantity, booked);
        const split = perUnitSplit(share, l.quantity);
        const parts = l.quantity === 0 ? [{ qty: 0, landed: 0 }] : [{ qty: l.quantity - split.plusOne, landed: split.base }, { qty: split.plusOne, landed: split.base + 1 }].filter((x) => x.qty > 0);
        await eachInOrder(parts, async (part, k) => {
          let movementId: number | null = null;
          if (part.qty > 0) {
            movementId = (await applyMovement(this.core, {
              kind: 'receive',
              productId: p.id,
              binId: binId!,
              lotId,
              quantity: part.qty,
              reason: `received on ${po.number}`,
              reference: po.number,
              actor,
              unitCostCents: line.unit_cost_cents + part.landed,
            })).movementId;
          }
          // Over and damaged units are recorded once, on the first part.
          await store.run(
            store.kysely.insertInto('po_receipt_line').values({
              receipt_id: receiptId,
              po_line_id: line.id,
              product_id: p.id,
              quantity: part.qty,
              over_qty: k === 0 ? over : 0,
              damaged_qty: k === 0 ? damaged : 0,
              lot_id: lotId,
              bin_id: binId,
              unit_cost_cents: line.unit_cost_cents,
              landed_unit_cents: part.landed,
              movement_id: movementId,
            }),
          );
        });
        await store.run(
          store.kysely
            .updateTable('purchase_order_line')
            .set((eb) => ({ received_qty: eb('received_qty', '+', l.quantity), damaged_qty: eb('damaged_qty', '+', damaged) }))
            .where('id', '=', line.id),
        );
        if (l.quantity > 0) this.core.events.publish('stock.changed', { productId: p.id });
        units += l.quantity;
        damagedTotal += damaged;
        overTotal += over;
        result.push({
          sku: p.sku,
          received: l.quantity,
          over,
          damaged,
          stillOpen: Math.max(0, open - l.quantity - damaged),
          unitCostCents: line.unit_cost_cents,
          landedUnitCents: l.quantity > 0 ? Math.round(share / l.quantity) : 0,
          bin: binCode,
          lot: lotCode,
        });
      });

      const stillOpen = await store.get(
        store.kysely
          .selectFrom('purchase_order_line')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('po_id', '=', po.id)
          .where((eb) => eb(eb('received_qty', '+', eb.ref('damaged_qty')), '<', eb.ref('quantity'))),
      );
      const complete = stillOpen!.n === 0;
      const status = complete ? 'received' : 'partially_received';
      // received_at is the day the last unit arrived: set only when this receipt completes the PO.
      await store.run(store.kysely.updateTable('purchase_order').set({ status, updated_at: now, ...(complete ? { received_at: now } : {}) }).where('id', '=', po.id));
      await this.orders.event(po.id, actor, 'received', { receiptId, units, damaged: damagedTotal, over: overTotal, putaway: putawayReasons });
      return { receiptId, po: po.number, status, lines: result, putaway: await this.queries.putaway(receiptId) };
    });
  }
}
