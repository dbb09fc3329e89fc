import { afterEach, describe, expect, it, vi } from 'vitest';
import { avgCost, onHand, purchasingShop, sentPo, type TestApp } from './fixture';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const movementValue = async (a: TestApp, sku: string) =>
  (await a.services.core.store.raw<{ v: number }>("select sum(m.quantity * m.unit_cost_cents) as v from stock_movement m join product p on p.id = m.product_id where p.sku = ? and m.kind = 'receive'", sku))[0].v;

describe('receiving against a PO', () => {
  it('records over, under and damaged quantities; damaged units are not stocked', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }, { productId: shop.ids.MUG, quantity: 24 }] });
    const r = await app.invoke('po.receive', {
      po: po.number,
      lines: [
        { code: 'AC-TEE', quantity: 12 }, // supplier SKU, 2 over
        { code: '4006381333931', quantity: 18, damaged: 2 }, // GTIN, 4 short
      ],
    });
    expect(r.status).toBe('partially_received');
    expect(r.lines.map((l) => [l.sku, l.received, l.over, l.damaged, l.stillOpen])).toEqual([
      ['TEE', 12, 2, 0, 0],
      ['MUG', 18, 0, 2, 4],
    ]);
    expect(await onHand(app, 'TEE')).toBe(12);
    expect(await onHand(app, 'MUG')).toBe(18);
    const detail = await app.invoke('po.get', { po: po.id });
    expect(detail.lines.map((l) => [l.sku, l.receivedQty, l.damagedQty, l.openQty])).toEqual([
      ['TEE', 12, 0, 0],
      ['MUG', 18, 2, 4],
    ]);
    // 2 over on TEE do not hide the 4 MUG still to come.
    expect(detail.openUnits).toBe(4);
    expect(detail.events.at(-1)!.summary).toBe(`Received 30 units, 2 damaged, 2 over (receipt ${r.receiptId})`);
    expect(detail.receipts[0].lines.map((l) => [l.sku, l.quantity, l.overQty, l.damagedQty])).toEqual([
      ['TEE', 12, 2, 0],
      ['MUG', 18, 0, 2],
    ]);
    // The last 4 arrive later: the PO is complete.
    expect((await app.invoke('po.receive', { po: po.id, lines: [{ code: 'MUG', quantity: 4 }] })).status).toBe('received');
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
    // The invariant check notices a line whose counter drifted from its receipts.
    await app.services.core.store.raw('update purchase_order_line set received_qty = received_qty + 1 where po_id = ? and line_no = 1', po.id);
    expect((await app.services.system.check()).problems.map((p) => p.check)).toEqual(['purchasing.po_lines_equal_receipts']);
  });

  it('refuses a receipt whose PO currency is not the product cost currency (nothing converts it), all-or-nothing', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }, { productId: shop.ids.MUG, quantity: 24 }] });
    // The shop re-prices its mugs in euros after the (dollar) PO went out.
    await app.services.core.store.raw("update product set currency = 'EUR' where sku = 'MUG'");
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10 }, { code: 'MUG', quantity: 24 }] })).rejects.toThrow(
      `line 2: MUG is costed in EUR but ${po.number} is in USD; Shipshape does not convert currencies`,
    );
    expect(await onHand(app, 'TEE')).toBe(0);
    expect(await avgCost(app, 'MUG')).toBe(0);
  });

  it('refuses codes that are not on the PO, all-or-nothing', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }] });
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 5 }, { code: 'MUG', quantity: 1 }] })).rejects.toThrow(`line 2: MUG is not on ${po.number}`);
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'NOPE', quantity: 1 }] })).rejects.toThrow("line 1: 'NOPE' is not a known GTIN, SKU or supplier SKU");
    expect(await onHand(app, 'TEE')).toBe(0);
    expect((await app.invoke('po.get', { po: po.id })).lines[0].receivedQty).toBe(0);
  });

  it('adds landed costs spread by value, exact to the cent, and updates the moving-average cost', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    // 10 TEE already on hand at an average of 450.
    await app.invoke('stock.receive', { sku: 'TEE', quantity: 10, unitCostCents: 450 });
    expect(await avgCost(app, 'TEE')).toBe(450);
    // Goods: TEE 20 × 500 = 10,000; MUG 24 × 300 = 7,200. Landed 1,001 + 200 + 0 = 1,201.
    // By value: TEE 1,201 × 10,000 / 17,200 = 698.26 → 698; MUG 502.74 → 503 (largest remainder).
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 20 }, { productId: shop.ids.MUG, quantity: 24 }], freightCents: 1001, dutyCents: 200 });
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 20 }, { code: 'MUG', quantity: 24 }] });
    expect(await movementValue(app, 'TEE') - 10 * 450).toBe(20 * 500 + 698);
    expect(await movementValue(app, 'MUG')).toBe(24 * 300 + 503);
    // TEE: 698 over 20 units = 34.9 → 2 units at +34, 18 at +35 (2 × 34 + 18 × 35 = 698).
    const receipt = (await app.invoke('po.get', { po: po.id })).receipts[0];
    expect(receipt.lines.filter((l) => l.sku === 'TEE').map((l) => [l.quantity, l.unitCostCents, l.landedUnitCents])).toEqual([
      [2, 500, 34],
      [18, 500, 35],
    ]);
    // Moving average, movement by movement (half-up to the cent):
    // (10 × 450 + 2 × 534) / 12 = 464; (12 × 464 + 18 × 535) / 30 = 506.6 → 507.
    expect(await avgCost(app, 'TEE')).toBe(507);
    // MUG had no stock: 503 / 24 = 20.96 → 1 unit at 20 + 23 units at 21; (1 × 320 + 23 × 321) / 24 = 320.96 → 321.
    expect(await avgCost(app, 'MUG')).toBe(321);
  });

  it('spreads landed costs by weight and books a partly received line exactly once complete', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    // Weights: TEE 10 × 200 g = 2,000 g; MUG 24 × 400 g = 9,600 g. Freight 1,000 by weight:
    // TEE 1,000 × 2,000 / 11,600 = 172.41 → 172; MUG 827.59 → 828.
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }, { productId: shop.ids.MUG, quantity: 24 }], freightCents: 1000, landedCostMethod: 'weight' });
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'MUG', quantity: 10 }] });
    // 10 of 24 received: floor(828 × 10 / 24) = 345.
    expect(await movementValue(app, 'MUG')).toBe(10 * 300 + 345);
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'MUG', quantity: 14 }, { code: 'TEE', quantity: 10 }] });
    expect(await movementValue(app, 'MUG')).toBe(24 * 300 + 828);
    expect(await movementValue(app, 'TEE')).toBe(10 * 500 + 172);
    expect(await avgCost(app, 'TEE')).toBe(517); // 172 / 10 → 8 units at +17, 2 at +18: (8 × 517 + 2 × 518) / 10 = 517.2 → 517
  });

  it('releases a backorder when the receipt brings the stock', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const order = await app.invoke('orders.create', {
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
      shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'Somewhere', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
      lines: [{ sku: 'TEE', quantity: 3 }],
    });
    expect(order.status).toBe('backordered');
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }] });
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10 }] });
    // The release runs after the receipt commits, on the stock event: one tick on SQLite, a few
    // round trips to the server on PostgreSQL — wait for it to land rather than for a fixed tick.
    const shopApp = app;
    await vi.waitFor(async () => expect((await shopApp.invoke('orders.get', { id: order.id })).status).toBe('allocated'), { timeout: 10_000 });
  });

  it('receives a lot-tracked product with its lot and expiry, and refuses it without a lot', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.HONEY, quantity: 12 }] });
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'HONEY', quantity: 6 }] })).rejects.toThrow('line 1: HONEY is lot-tracked — scan or type its lot');
    const r = await app.invoke('po.receive', { po: po.id, lines: [{ code: 'HONEY', quantity: 6, lot: 'L-2611', expiresOn: '2027-05-01' }] });
    expect(r.lines[0].lot).toBe('L-2611');
    const receipt = (await app.invoke('po.get', { po: po.id })).receipts[0];
    expect(receipt.lines[0]).toMatchObject({ lot: 'L-2611', expiresOn: '2027-05-01', quantity: 6 });
    const lots = await app.services.core.store.raw<{ code: string; expires_on: string; on_hand: number }>('select lot.code, lot.expires_on, sb.on_hand from stock_balance sb join lot on lot.id = sb.lot_id');
    expect(lots).toEqual([{ code: 'L-2611', expires_on: '2027-05-01', on_hand: 6 }]);
    // A lot without a printed expiry sells for the product's shelf life from today.
    await app.services.core.store.raw('update product set shelf_life_days = 90 where sku = ?', 'HONEY');
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'HONEY', quantity: 6, lot: 'L-2612' }] });
    expect((await app.services.core.store.raw<{ e: string }>("select expires_on as e from lot where code = 'L-2612'"))[0].e).toBe('2027-01-31');
  });
});

describe('putaway', () => {
  it('sends stock to its home bin, else the free pick bin nearest the depot, and names the bin', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    // TEE lives in C-09 (far); MUG and HONEY are new.
    await app.invoke('stock.receive', { sku: 'TEE', quantity: 1, bin: 'C-09' });
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }, { productId: shop.ids.MUG, quantity: 24 }, { productId: shop.ids.HONEY, quantity: 6 }] });
    expect(await app.invoke('po.lookup', { po: po.number, code: 'AC-MUG-1' })).toMatchObject({ sku: 'MUG', openQty: 24, casePack: 12, putaway: { bin: 'A-01' } });
    const r = await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10 }, { code: 'MUG', quantity: 24 }, { code: 'HONEY', quantity: 6, lot: 'H1', expiresOn: '2027-01-01' }] });
    // In bin pick order. A-01 is the nearest free pick bin: MUG takes it; HONEY gets the default bin (no free pick bin left).
    expect(r.putaway.map((p) => [p.sku, p.bin, p.quantity, p.reason])).toEqual([
      ['HONEY', 'DEFAULT', 6, 'default_bin'],
      ['MUG', 'A-01', 24, 'nearest_free'],
      ['TEE', 'C-09', 10, 'home_bin'],
    ]);
    expect(await onHand(app, 'TEE', 'C-09')).toBe(11);
    expect(await onHand(app, 'MUG', 'A-01')).toBe(24);
    expect(await app.invoke('po.listPutaway', { receiptId: r.receiptId })).toEqual(r.putaway);
    // Bin labels for the putaway go through the print queue, one per bin in pick order.
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    const printed = await app.invoke('po.printPutawayLabels', { receiptId: r.receiptId, printer: 'Zebra' });
    expect(printed.count).toBe(3);
    const jobs = await app.invoke('printJobs.list', { printer: 'Zebra', limit: 10 });
    expect(jobs.map((j) => j.reference).sort()).toEqual(['MAIN/A-01', 'MAIN/C-09', 'MAIN/DEFAULT']);
  });

  it('sends a sold-out product back to where it was last stocked', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    await app.invoke('stock.receive', { sku: 'TEE', quantity: 2, bin: 'C-09' });
    await app.invoke('stock.adjust', { sku: 'TEE', delta: -2, bin: 'C-09', reason: 'sold at a market' });
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }] });
    const r = await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10 }] });
    expect(r.putaway).toMatchObject([{ sku: 'TEE', bin: 'C-09', reason: 'last_stocked' }]);
  });

  it("lands in the bin the receiver names instead of the suggestion", async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await sentPo(app, { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }] });
    const r = await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10, bin: 'C-09' }] });
    expect(r.putaway).toMatchObject([{ sku: 'TEE', bin: 'C-09', reason: 'chosen' }]);
  });
});
