import { sql } from 'kysely';
import { eachInOrder, mapInOrder } from '../../util/in-order';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { PurchaseOrderStatus } from '../../store/schema';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from './rows';
import { unitCostAt } from './supplier-offers';

export interface PoLineInput {
  productId: number;
  quantity: number;
  /** Default: the supplier's price for this quantity (price breaks applied). */
  unitCostCents?: number;
  expectedOn?: string | null;
  /** The autopilot's one-sentence arithmetic (null for lines a person adds). */
  reason?: string | null;
}

export interface CreatePoInput {
  supplierId: number;
  /** Default: the first active warehouse. */
  warehouseId?: number;
  lines: PoLineInput[];
  /** 'autopilot' or the person's actor id. */
  createdBy: string;
  expectedOn?: string;
  freightCents?: number;
  dutyCents?: number;
  otherCostCents?: number;
  landedCostMethod?: 'value' | 'weight';
  notes?: string;
}

export interface PoHeaderChanges {
  expectedOn?: string | null;
  freightCents?: number;
  dutyCents?: number;
  otherCostCents?: number;
  landedCostMethod?: 'value' | 'weight';
  notes?: string;
}

export interface PoLineChanges {
  quantity?: number;
  unitCostCents?: number;
  expectedOn?: string | null;
}

/** Statuses whose lines and costs may still change (after sending, every edit is recorded with before/after). */
const EDITABLE: readonly PurchaseOrderStatus[] = ['draft', 'sent', 'partially_received'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Purchase orders: lines in case packs, landed costs, the lifecycle and its history. */
export class PurchaseOrderService {
  constructor(private readonly core: Core) {}

  async row(id: number): Promise<PurchaseOrderRow> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('purchase_order').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Purchase order ${id}`);
    return row;
  }

  /** A PO by id, or by its number as printed and scanned ("PO-00012", case-insensitive). */
  async resolve(ref: number | string): Promise<PurchaseOrderRow> {
    if (typeof ref === 'number') return await this.row(ref);
    const text = ref.trim();
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('purchase_order').selectAll().where(sql<boolean>`number = ${text} collate nocase`));
    if (row) return row;
    if (/^\d+$/.test(text)) return await this.row(Number(text));
    throw notFound(`Purchase order "${text}"`);
  }

  async lines(poId: number): Promise<PurchaseOrderLineRow[]> {
    return await this.core.store.all(this.core.store.kysely.selectFrom('purchase_order_line').selectAll().where('po_id', '=', poId).orderBy('line_no'));
  }

  async event(poId: number, actor: string, kind: string, detail: Record<string, unknown> = {}): Promise<void> {
    const { store, clock } = this.core;
    await store.run(store.kysely.insertInto('purchase_order_event').values({ po_id: poId, at: clock.now().toISOString(), actor, kind, detail: JSON.stringify(detail) }));
    // Live screens (PO list, cards, bills) reload on it.
    this.core.events.publish('purchasing.changed', { poId, kind });
  }

  private checkMoney(value: number | undefined, field: string): void {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw invalid(`${field}: must be a whole number of minor units ≥ 0, got ${value}`, { field });
  }

  private checkDay(value: string | null | undefined, field: string): void {
    if (value != null && (!DAY.test(value) || Number.isNaN(Date.parse(value)))) throw invalid(`${field}: "${value}" is not a date (YYYY-MM-DD)`, { field });
  }

  /** Checks a line against what the supplier sells: the item must exist, whole case packs, at least the MOQ. */
  private async resolveLine(supplier: { id: number; name: string; currency: string }, line: PoLineInput, label: string) {
    const { store } = this.core;
    const product = await store.get(store.kysely.selectFrom('product').select(['id', 'sku', 'is_kit', 'currency']).where('id', '=', line.productId));
    if (!product) throw invalid(`${label}: product ${line.productId} not found`, { field: 'lines' });
    if (product.is_kit) throw invalid(`${label}: ${product.sku} is a kit — order its components`, { field: 'lines' });
    // Receipts book the PO's unit cost into the product's moving-average cost and the books as they
    // are: nothing converts currencies, so a price in another currency would corrupt both.
    if (product.currency !== supplier.currency) throw invalid(`${label}: ${product.sku} is costed in ${product.currency} but this order is in ${supplier.currency} (${supplier.name}); Shipshape does not convert currencies — order it from a ${product.currency} supplier`, { field: 'lines' });
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw invalid(`${label}: quantity must be a whole number > 0, got ${line.quantity}`, { field: 'lines' });
    const item = await store.get(
      store.kysely
        .selectFrom('supplier_item')
        .select(['id', 'supplier_sku', 'unit_cost_cents', 'case_pack', 'moq'])
        .where('supplier_id', '=', supplier.id)
        .where('product_id', '=', product.id)
        .where('active', '=', 1),
    );
    if (!item) throw invalid(`${label}: SKU '${product.sku}' is not sold by ${supplier.name} — add it with suppliers item`, { field: 'lines' });
    if (line.quantity % item.case_pack !== 0) {
      const down = Math.floor(line.quantity / item.case_pack) * item.case_pack;
      const up = down + item.case_pack;
      throw invalid(`${label}: ${product.sku} comes in cases of ${item.case_pack}; ${line.quantity} is not whole cases — order ${down > 0 ? `${down} or ` : ''}${up}`, { field: 'lines' });
    }
    if (line.quantity < item.moq) throw invalid(`${label}: ${supplier.name}'s minimum for ${product.sku} is ${item.moq} units`, { field: 'lines' });
    this.checkMoney(line.unitCostCents, `${label}: cost`);
    this.checkDay(line.expectedOn, `${label}: expected date`);
    const breaks = await store.all(store.kysely.selectFrom('supplier_price_break').select(['min_qty as minQty', 'unit_cost_cents as unitCostCents']).where('supplier_item_id', '=', item.id).orderBy('min_qty'));
    const unitCostCents = line.unitCostCents ?? unitCostAt({ unitCostCents: item.unit_cost_cents, priceBreaks: breaks }, line.quantity);
    return { product, item, unitCostCents };
  }

  async create(input: CreatePoInput): Promise<{ id: number; number: string; currency: string }> {
    const { store, clock } = this.core;
    if (input.lines.length === 0) throw invalid('A purchase order needs at least one line', { field: 'lines' });
    for (const f of ['freightCents', 'dutyCents', 'otherCostCents'] as const) this.checkMoney(input[f], f);
    this.checkDay(input.expectedOn, 'expectedOn');
    return await store.tx(async () => {
      const supplier = await store.get(store.kysely.selectFrom('supplier').select(['id', 'name', 'currency', 'lead_time_days', 'active']).where('id', '=', input.supplierId));
      if (!supplier) throw invalid(`supplier: no supplier with id ${input.supplierId}`, { field: 'supplier' });
      if (!supplier.active) throw invalid(`supplier: ${supplier.name} is inactive`, { field: 'supplier' });
      const warehouseId =
        input.warehouseId ??
        (await store.get(store.kysely.selectFrom('warehouse').select('id').where('active', '=', 1).orderBy('id').limit(1)))?.id ??
        (() => { throw invalid('No active warehouse to receive into', { field: 'warehouse' }); })();
      if (!(await store.get(store.kysely.selectFrom('warehouse').select('id').where('id', '=', warehouseId)))) throw invalid(`warehouse: no warehouse with id ${warehouseId}`, { field: 'warehouse' });
      const seen = new Set<number>();
      const resolved = await mapInOrder(input.lines, async (l, i) => {
        const r = await this.resolveLine(supplier, l, `line ${i + 1}`);
        if (seen.has(r.product.id)) throw invalid(`line ${i + 1}: ${r.product.sku} is already on line ${[...seen].indexOf(r.product.id) + 1} — one line per SKU`, { field: 'lines' });
        seen.add(r.product.id);
        return { ...r, input: l };
      });
      const now = clock.now().toISOString();
      const expectedOn = input.expectedOn ?? addDays((await shopCalendar(this.core)).today(), supplier.lead_time_days);
      const highest = (await store.get(store.kysely.selectFrom('purchase_order').select((eb) => eb.fn.max('id').as('id'))))?.id ?? null;
      const number = `PO-${String((highest ?? 0) + 1).padStart(5, '0')}`;
      const { id } = (await store.get(
        store.kysely
          .insertInto('purchase_order')
          .values({
            number,
            supplier_id: supplier.id,
            warehouse_id: warehouseId,
            status: 'draft',
            currency: supplier.currency,
            expected_on: expectedOn,
            freight_cents: input.freightCents ?? 0,
            duty_cents: input.dutyCents ?? 0,
            other_cost_cents: input.otherCostCents ?? 0,
            landed_cost_method: input.landedCostMethod ?? 'value',
            notes: input.notes ?? '',
            created_by: input.createdBy,
            created_at: now,
            updated_at: now,
          })
          .returning('id'),
      ))!;
      await eachInOrder(resolved, async (r, i) => {
        await this.insertLine(id, i + 1, r, r.input);
      });
      await this.event(id, input.createdBy, 'created', { lines: resolved.length });
      return { id, number, currency: supplier.currency };
    });
  }

  private editable(po: PurchaseOrderRow): void {
    if (!EDITABLE.includes(po.status)) throw conflict(`${po.number} is ${po.status.replace('_', ' ')}; it can no longer be edited`, { status: po.status });
  }

  private async insertLine(
    poId: number,
    lineNo: number,
    r: { product: { id: number }; item: { supplier_sku: string | null; case_pack: number }; unitCostCents: number },
    line: PoLineInput,
  ): Promise<void> {
    const { store } = this.core;
    await store.run(
      store.kysely.insertInto('purchase_order_line').values({
        po_id: poId,
        line_no: lineNo,
        product_id: r.product.id,
        supplier_sku: r.item.supplier_sku,
        quantity: line.quantity,
        case_pack: r.item.case_pack,
        unit_cost_cents: r.unitCostCents,
        expected_on: line.expectedOn ?? null,
        reason: line.reason ?? null,
      }),
    );
  }

  private async supplierOf(po: PurchaseOrderRow): Promise<{ id: number; name: string; currency: string }> {
    const { store } = this.core;
    const supplier = (await store.get(store.kysely.selectFrom('supplier').select(['id', 'name']).where('id', '=', po.supplier_id)))!;
    return { ...supplier, currency: po.currency };
  }

  private async touched(po: PurchaseOrderRow): Promise<void> {
    const { store, clock } = this.core;
    await store.run(store.kysely.updateTable('purchase_order').set({ updated_at: clock.now().toISOString() }).where('id', '=', po.id));
  }

  /** Changes a line's quantity, cost or expected day; recorded with before/after (refused below what already arrived). */
  async updateLine(poId: number, lineNo: number, changes: PoLineChanges, actor: string): Promise<void> {
    const { store } = this.core;
    await store.tx(async () => {
      const po = await this.row(poId);
      this.editable(po);
      const line = (await this.lines(poId)).find((l) => l.line_no === lineNo);
      if (!line) throw invalid(`line ${lineNo}: ${po.number} has no such line`, { field: 'lineNo' });
      const label = `line ${lineNo}`;
      let repriced: number | undefined;
      if (changes.quantity !== undefined) {
        const supplier = await this.supplierOf(po);
        // A draft follows the supplier's price breaks as its quantity changes; once sent, the price is what was agreed.
        const priced = (await this.resolveLine(supplier, { productId: line.product_id, quantity: changes.quantity }, label)).unitCostCents;
        if (po.status === 'draft' && changes.unitCostCents === undefined) repriced = priced;
        if (changes.quantity < line.received_qty + line.damaged_qty) throw conflict(`${label}: ${line.received_qty + line.damaged_qty} already arrived; the quantity cannot go below that`, { field: 'quantity' });
      }
      this.checkMoney(changes.unitCostCents, `${label}: cost`);
      this.checkDay(changes.expectedOn, `${label}: expected date`);
      const before = { quantity: line.quantity, unitCostCents: line.unit_cost_cents, expectedOn: line.expected_on };
      const after = { quantity: changes.quantity ?? line.quantity, unitCostCents: changes.unitCostCents ?? repriced ?? line.unit_cost_cents, expectedOn: changes.expectedOn === undefined ? line.expected_on : changes.expectedOn };
      await store.run(store.kysely.updateTable('purchase_order_line').set({ quantity: after.quantity, unit_cost_cents: after.unitCostCents, expected_on: after.expectedOn }).where('id', '=', line.id));
      await this.touched(po);
      await this.event(poId, actor, 'line_edited', { lineNo, sku: await this.sku(line.product_id), before, after, afterSending: po.status !== 'draft' });
    });
  }

  async addLine(poId: number, line: PoLineInput, actor: string): Promise<{ lineNo: number }> {
    const { store } = this.core;
    return await store.tx(async () => {
      const po = await this.row(poId);
      this.editable(po);
      const lines = await this.lines(poId);
      const lineNo = (lines.at(-1)?.line_no ?? 0) + 1;
      const supplier = await this.supplierOf(po);
      const r = await this.resolveLine(supplier, line, `line ${lineNo}`);
      if (lines.some((l) => l.product_id === r.product.id)) throw invalid(`line ${lineNo}: ${r.product.sku} is already on this PO — change that line's quantity`, { field: 'lines' });
      await this.insertLine(poId, lineNo, r, line);
      await this.touched(po);
      await this.event(poId, actor, 'line_added', { lineNo, sku: r.product.sku, before: null, after: { quantity: line.quantity, unitCostCents: r.unitCostCents }, afterSending: po.status !== 'draft' });
      return { lineNo };
    });
  }

  async removeLine(poId: number, lineNo: number, actor: string): Promise<void> {
    const { store } = this.core;
    await store.tx(async () => {
      const po = await this.row(poId);
      this.editable(po);
      const lines = await this.lines(poId);
      const line = lines.find((l) => l.line_no === lineNo);
      if (!line) throw invalid(`line ${lineNo}: ${po.number} has no such line`, { field: 'lineNo' });
      if (line.received_qty + line.damaged_qty > 0) throw conflict(`line ${lineNo}: goods already arrived against it; set its quantity to what arrived instead`);
      if (lines.length === 1) throw conflict(`line ${lineNo} is the PO's only line; cancel the PO instead`);
      await store.run(store.kysely.deleteFrom('purchase_order_line').where('id', '=', line.id));
      await this.touched(po);
      await this.event(poId, actor, 'line_removed', { lineNo, sku: await this.sku(line.product_id), before: { quantity: line.quantity, unitCostCents: line.unit_cost_cents }, after: null, afterSending: po.status !== 'draft' });
    });
  }

  /** Freight, duty, other costs, landed-cost method, expected day, notes; recorded with before/after. */
  async updateHeader(poId: number, changes: PoHeaderChanges, actor: string): Promise<void> {
    const { store } = this.core;
    for (const f of ['freightCents', 'dutyCents', 'otherCostCents'] as const) this.checkMoney(changes[f], f);
    this.checkDay(changes.expectedOn, 'expectedOn');
    await store.tx(async () => {
      const po = await this.row(poId);
      this.editable(po);
      const before = { expectedOn: po.expected_on, freightCents: po.freight_cents, dutyCents: po.duty_cents, otherCostCents: po.other_cost_cents, landedCostMethod: po.landed_cost_method, notes: po.notes };
      const after = {
        expectedOn: changes.expectedOn === undefined ? po.expected_on : changes.expectedOn,
        freightCents: changes.freightCents ?? po.freight_cents,
        dutyCents: changes.dutyCents ?? po.duty_cents,
        otherCostCents: changes.otherCostCents ?? po.other_cost_cents,
        landedCostMethod: changes.landedCostMethod ?? po.landed_cost_method,
        notes: changes.notes ?? po.notes,
      };
      await store.run(
        store.kysely
          .updateTable('purchase_order')
          .set({
            expected_on: after.expectedOn,
            freight_cents: after.freightCents,
            duty_cents: after.dutyCents,
            other_cost_cents: after.otherCostCents,
            landed_cost_method: after.landedCostMethod,
            notes: after.notes,
            updated_at: this.core.clock.now().toISOString(),
          })
          .where('id', '=', poId),
      );
      const changedKeys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
      if (changedKeys.length) {
        await this.event(poId, actor, 'edited', { before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])), after: Object.fromEntries(changedKeys.map((k) => [k, after[k]])), afterSending: po.status !== 'draft' });
      }
    });
  }

  async send(poId: number, actor: string): Promise<{ warnings: string[] }> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      const po = await this.row(poId);
      if (po.status !== 'draft') throw conflict(`${po.number} is ${po.status.replace('_', ' ')}; only a draft can be sent`, { status: po.status });
      const warnings: string[] = [];
      const supplier = (await store.get(store.kysely.selectFrom('supplier').select(['name', 'order_minimum_cents']).where('id', '=', po.supplier_id)))!;
      const total = (await this.lines(poId)).reduce((s, l) => s + l.quantity * l.unit_cost_cents, 0);
      if (total < supplier.order_minimum_cents) warnings.push(`${supplier.name}'s order minimum is ${supplier.order_minimum_cents} (minor units); this PO's goods total ${total}`);
      const now = clock.now().toISOString();
      await store.run(store.kysely.updateTable('purchase_order').set({ status: 'sent', sent_at: now, updated_at: now }).where('id', '=', poId));
      await this.event(poId, actor, 'sent', warnings.length ? { warnings } : {});
      return { warnings };
    });
  }

  async cancel(poId: number, actor: string, reason: string): Promise<void> {
    const { store, clock } = this.core;
    await store.tx(async () => {
      const po = await this.row(poId);
      if (po.status !== 'draft' && po.status !== 'sent') {
        throw conflict(po.status === 'partially_received' ? `${po.number} has goods received against it; close it instead of cancelling` : `${po.number} is ${po.status}; it cannot be cancelled`, { status: po.status });
      }
      const now = clock.now().toISOString();
      await store.run(store.kysely.updateTable('purchase_order').set({ status: 'cancelled', cancelled_at: now, updated_at: now }).where('id', '=', poId));
      await this.event(poId, actor, 'cancelled', { reason });
    });
  }

  /** Ends a received or partially received PO (what is still open will not come). */
  async close(poId: number, actor: string): Promise<void> {
    const { store, clock } = this.core;
    await store.tx(async () => {
      const po = await this.row(poId);
      if (po.status !== 'received' && po.status !== 'partially_received') {
        throw conflict(`${po.number} is ${po.status.replace('_', ' ')}; only a received or partially received PO can be closed${po.status === 'sent' || po.status === 'draft' ? ' (cancel it instead)' : ''}`, { status: po.status });
      }
      const open = (await this.lines(poId)).reduce((s, l) => s + Math.max(0, l.quantity - l.received_qty - l.damaged_qty), 0);
      const now = clock.now().toISOString();
      await store.run(store.kysely.updateTable('purchase_order').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', poId));
      await this.event(poId, actor, 'closed', open ? { shortUnits: open } : {});
    });
  }

  private async sku(productId: number): Promise<string> {
    const { store } = this.core;
    return (await store.get(store.kysely.selectFrom('product').select('sku').where('id', '=', productId)))?.sku ?? String(productId);
  }
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
