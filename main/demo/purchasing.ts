import type { DemoContext, DemoSeeder } from './index';

const ACTOR = 'demo';
const DAY_MS = 86_400_000;

/** Demo suppliers and the product families (SKU prefixes) each sells; the first listed is preferred. */
const SUPPLIERS = [
  { name: 'Harbor Roasters', leadTimeDays: 6, orderMinimumCents: 15_000, paymentTermsDays: 30, email: 'orders@harbor-roasters.example', prefixes: ['COF', 'TEA', 'BREW'], casePack: 12 },
  { name: 'Northwind Camp Supply', leadTimeDays: 10, orderMinimumCents: 30_000, paymentTermsDays: 45, email: 'sales@northwind.example', prefixes: ['MUG', 'BOWL', 'LANTERN', 'HAMMOCK', 'BAG', 'CAP'], casePack: 6 },
  { name: 'Cedar Lane Candles', leadTimeDays: 8, orderMinimumCents: 10_000, paymentTermsDays: 30, email: 'hello@cedarlane.example', prefixes: ['CNDL', 'CANDLE'], casePack: 12 },
  { name: 'Papermill & Co', leadTimeDays: 12, orderMinimumCents: 20_000, paymentTermsDays: 60, email: 'trade@papermill.example', prefixes: ['NOTE', 'PEN'], casePack: 24 },
  { name: 'Threadworks Apparel', leadTimeDays: 21, orderMinimumCents: 50_000, paymentTermsDays: 30, email: 'b2b@threadworks.example', prefixes: ['TEE', 'HOOD', 'SOCK'], casePack: 1 },
  { name: 'Sweet Trail Foods', leadTimeDays: 5, orderMinimumCents: 8_000, paymentTermsDays: 14, email: 'orders@sweettrail.example', prefixes: ['CHOC', 'SNK'], casePack: 24 },
] as const;

/** A second source for coffee and mugs: dearer, faster (the autopilot compares offers). */
const BACKUP_SUPPLIER = { name: 'QuickShip Wholesale', leadTimeDays: 2, orderMinimumCents: 0, paymentTermsDays: 7, prefixes: ['COF', 'MUG', 'BREW'] };

/**
 * Suppliers with price breaks and case packs for the catalog, and purchase orders in every state
 * (draft, sent, overdue, partially received with damage, received with freight, closed,
 * cancelled), made through the real services; history timestamps are moved back afterwards so
 * observed lead times and the overdue flag have something to show.
 */
export const purchasingSeeder: DemoSeeder = {
  name: 'purchasing',
  async seed({ app, random, today }: DemoContext) {
    const { store } = app;
    const purchasing = app.services.purchasing;
    const db = store.kysely;
    const products = await store.all(db.selectFrom('product').select(['id', 'sku', 'cost_cents', 'price_cents']).where('is_kit', '=', 0).where('active', '=', 1).orderBy('sku'));
    const supplierIds = new Map<string, number>();
    const bySupplier = new Map<string, { id: number; sku: string; casePack: number }[]>();
    for (const s of [...SUPPLIERS, BACKUP_SUPPLIER]) {
      const { id } = await purchasing.suppliers.create({ name: s.name, leadTimeDays: s.leadTimeDays, orderMinimumCents: s.orderMinimumCents, paymentTermsDays: s.paymentTermsDays, email: 'email' in s ? s.email : null, currency: 'USD' });
      supplierIds.set(s.name, id);
      bySupplier.set(s.name, []);
    }
    for (const p of products) {
      const prefix = p.sku.split('-')[0];
      const primary = SUPPLIERS.find((s) => (s.prefixes as readonly string[]).includes(prefix));
      if (!primary) continue;
      const base = Math.max(1, p.cost_cents || Math.round(p.price_cents * 0.45));
      const casePack = primary.casePack;
      await purchasing.suppliers.upsertItem({
        supplierId: supplierIds.get(primary.name)!,
        productId: p.id,
        supplierSku: `${primary.name.slice(0, 2).toUpperCase()}-${p.sku}`,
        unitCostCents: base,
        casePack,
        moq: casePack > 1 ? casePack * 2 : 0,
        // 5 % off from 4 cases, 10 % off from 8 (whole cents).
        priceBreaks: casePack > 1 ? [{ minQty: casePack * 4, unitCostCents: Math.round(base * 0.95) }, { minQty: casePack * 8, unitCostCents: Math.round(base * 0.9) }] : [],
        preferred: true,
      });
      bySupplier.get(primary.name)!.push({ id: p.id, sku: p.sku, casePack });
      if ((BACKUP_SUPPLIER.prefixes as readonly string[]).includes(prefix) && random.chance(0.6)) {
        await purchasing.suppliers.upsertItem({ supplierId: supplierIds.get(BACKUP_SUPPLIER.name)!, productId: p.id, unitCostCents: Math.round(base * 1.15), casePack: 1, leadTimeDays: random.chance(0.3) ? 1 : null });
      }
    }

    const day = (offset: number) => new Date(today.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
    const instant = (offset: number) => new Date(today.getTime() + offset * DAY_MS).toISOString();
    const lines = (supplier: string, n: number) => {
      const pool = [...bySupplier.get(supplier)!];
      const chosen: typeof pool = [];
      while (chosen.length < n && pool.length) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
      return chosen.map((p) => ({ productId: p.id, quantity: p.casePack * random.int(2, 6) }));
    };
    const po = async (supplier: string, n: number, extra: { freightCents?: number; dutyCents?: number; expectedOn?: string; landedCostMethod?: 'value' | 'weight' } = {}) => {
      const l = lines(supplier, n);
      return l.length ? await purchasing.createPurchaseOrder({ supplierId: supplierIds.get(supplier)!, lines: l, createdBy: ACTOR, ...extra }) : null;
    };
    /** Moves a PO's sent and receipt times back (the services stamp "now"). */
    const backdate = async (id: number, sentDaysAgo: number, receivedDaysAgo: number | null) => {
      await store.run(db.updateTable('purchase_order').set({ sent_at: instant(-sentDaysAgo), created_at: instant(-sentDaysAgo - 1) }).where('id', '=', id));
      if (receivedDaysAgo !== null) {
        await store.run(db.updateTable('po_receipt').set({ received_at: instant(-receivedDaysAgo) }).where('po_id', '=', id));
        // A PO received in full carries its receipt's time too.
        await store.run(db.updateTable('purchase_order').set({ received_at: instant(-receivedDaysAgo) }).where('id', '=', id).where('received_at', 'is not', null));
      }
    };
    const receiveAll = async (id: number, damagedFirst = 0) => {
      const detail = await purchasing.queries.detail(id);
      const input = detail.lines.map((l, i) => ({ productId: l.productId, quantity: l.openQty - (i === 0 ? damagedFirst : 0), damaged: i === 0 ? damagedFirst : 0, ...(l.lotTracked ? { lot: `L${today.toISOString().slice(2, 10).replace(/-/g, '')}-${i + 1}` } : {}) }));
      return await purchasing.receiving.receive({ po: id, lines: input }, ACTOR);
    };

    // Closed: received five weeks ago (observed lead time 9 days against 10 promised), then closed.
    const closed = await po('Northwind Camp Supply', 3, { freightCents: 4_500, expectedOn: day(-35) });
    if (closed) {
      await purchasing.sendPurchaseOrder(closed.id, ACTOR);
      await receiveAll(closed.id);
      await purchasing.closePurchaseOrder(closed.id, ACTOR);
      await backdate(closed.id, 44, 35);
    }
    // Received with freight and duty spread by weight.
    const received = await po('Harbor Roasters', 3, { freightCents: 3_250, dutyCents: 1_180, landedCostMethod: 'weight', expectedOn: day(-3) });
    if (received) {
      await purchasing.sendPurchaseOrder(received.id, ACTOR);
      await receiveAll(received.id);
      await backdate(received.id, 9, 2);
    }
    // Partially received: first line short by one damaged case pack, the others still to come.
    const partial = await po('Cedar Lane Candles', 3, { freightCents: 1_800, expectedOn: day(-1) });
    if (partial) {
      await purchasing.sendPurchaseOrder(partial.id, ACTOR);
      const first = (await purchasing.queries.detail(partial.id)).lines[0];
      await purchasing.receiving.receive({ po: partial.id, lines: [{ productId: first.productId, quantity: first.quantity - 2, damaged: 2, ...(first.lotTracked ? { lot: 'L-DEMO-1' } : {}) }] }, ACTOR);
      await backdate(partial.id, 9, 1);
    }
    // Sent and overdue (expected four days ago), with an edit after sending in its history.
    const overdue = await po('Papermill & Co', 2, { expectedOn: day(-4) });
    if (overdue) {
      await purchasing.sendPurchaseOrder(overdue.id, ACTOR);
      const line = (await purchasing.queries.detail(overdue.id)).lines[0];
      await purchasing.updateDraftLine(overdue.id, 1, { quantity: line.quantity + line.casePack }, ACTOR);
      await backdate(overdue.id, 16, null);
    }
    // Sent, on time.
    const sent = await po('Sweet Trail Foods', 3, { expectedOn: day(3) });
    if (sent) {
      await purchasing.sendPurchaseOrder(sent.id, ACTOR);
      await backdate(sent.id, 2, null);
    }
    // A draft waiting to be sent, and one cancelled.
    await po('Threadworks Apparel', 4, { expectedOn: day(21) });
    const cancelled = await po('Northwind Camp Supply', 1);
    if (cancelled) await purchasing.cancelPurchaseOrder(cancelled.id, ACTOR, 'ordered the same items by phone');
  },
};
