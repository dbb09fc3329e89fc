import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLandedCosts, landedShareForReceipt, largestRemainder, perUnitSplit } from '../../../main/domain/purchasing/landed-costs';
import { openPurchaseQuantities, observedLeadTimes } from '../../../main/domain/purchasing/open-purchases';
import { roundToCasePack, supplierOffers, unitCostAt } from '../../../main/domain/purchasing/supplier-offers';
import { purchasingShop, type TestApp } from './fixture';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('price breaks and case packs', () => {
  const offer = { unitCostCents: 300, priceBreaks: [{ minQty: 48, unitCostCents: 250 }, { minQty: 96, unitCostCents: 220 }] };

  it('charges the break of the largest minimum reached, else the base cost', () => {
    expect([1, 47, 48, 95, 96, 500].map((q) => unitCostAt(offer, q))).toEqual([300, 300, 250, 250, 220, 220]);
    expect(unitCostAt({ unitCostCents: 300, priceBreaks: [] }, 1000)).toBe(300);
  });

  it('rounds up to whole case packs and at least the MOQ', () => {
    expect(roundToCasePack(1, 12)).toBe(12);
    expect(roundToCasePack(12, 12)).toBe(12);
    expect(roundToCasePack(13, 12)).toBe(24);
    expect(roundToCasePack(5, 12, 30)).toBe(36);
    expect(roundToCasePack(0, 12)).toBe(0);
    expect(roundToCasePack(7, 1, 0)).toBe(7);
  });

  it('prices a PO line from the supplier item, breaks applied, and refuses part cases and quantities under the MOQ', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 48 }, { productId: shop.ids.TEE, quantity: 5 }] });
    const detail = await app.invoke('po.get', { po: po.id });
    expect(detail.lines.map((l) => [l.sku, l.quantity, l.cases, l.unitCostCents, l.supplierSku])).toEqual([
      ['MUG', 48, 4, 250, 'AC-MUG-1'],
      ['TEE', 5, null, 500, 'AC-TEE'],
    ]);
    // A draft line follows the breaks as its quantity changes.
    await app.invoke('po.updateLine', { po: po.id, lineNo: 1, quantity: 96 });
    expect((await app.invoke('po.get', { po: po.id })).lines[0]).toMatchObject({ quantity: 96, cases: 8, unitCostCents: 220 });
    await expect(app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 30 }] })).rejects.toThrow(/line 1: MUG comes in cases of 12; 30 is not whole cases — order 24 or 36/);
    await expect(app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 12 }] })).rejects.toThrow(/line 1: Acme Supply's minimum for MUG is 24/);
  });

  it("names the line and supplier when a SKU is not sold by the PO's supplier", async () => {
    const shop = await purchasingShop();
    app = shop.app;
    await app.invoke('catalog.upsert', { sku: 'X', name: 'Unsold' });
    const x = (await app.invoke('catalog.get', { sku: 'X' })).id;
    await expect(app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 1 }, { productId: x, quantity: 1 }] })).rejects.toThrow(
      "line 2: SKU 'X' is not sold by Acme Supply — add it with suppliers item",
    );
  });
});

describe('supplier offers (read by the replenishment policy)', () => {
  it('lists offers per product, the preferred supplier first, with lead-time override and order minimum', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const beta = await app.invoke('suppliers.create', { name: 'Beta Goods', leadTimeDays: 3 });
    await app.invoke('suppliers.upsertItem', { supplierId: beta.id, productId: shop.ids.MUG, unitCostCents: 280, casePack: 6, leadTimeDays: 2, preferred: true });
    const offers = await supplierOffers(app.services.core, [shop.ids.MUG, shop.ids.TEE]);
    const mug = offers.get(shop.ids.MUG)!;
    expect(mug.map((o) => [o.supplierName, o.preferred, o.leadTimeDays, o.casePack, o.unitCostCents])).toEqual([
      ['Beta Goods', true, 2, 6, 280],
      ['Acme Supply', false, 6, 12, 300],
    ]);
    expect(mug[1]).toMatchObject({ moq: 24, orderMinimumCents: 10_000, currency: 'USD', priceBreaks: [{ minQty: 48, unitCostCents: 250 }, { minQty: 96, unitCostCents: 220 }] });
    expect(offers.get(shop.ids.TEE)!.length).toBe(1);
    expect(offers.has(shop.ids.HONEY)).toBe(false);
    // Renaming onto another supplier's name is refused by field; an inactive supplier offers nothing.
    await expect(app.invoke('suppliers.update', { id: beta.id, name: 'acme supply' })).rejects.toThrow('name: a supplier called "acme supply" already exists');
    await app.invoke('suppliers.update', { id: beta.id, active: false });
    expect((await supplierOffers(app.services.core, [shop.ids.MUG])).get(shop.ids.MUG)!.map((o) => o.supplierName)).toEqual(['Acme Supply']);
  });

  it('counts open quantities of sent POs only and measures observed lead times', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 50 }] }); // draft: not on order
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }], expectedOn: '2026-11-08' });
    await app.invoke('po.send', { po: po.id });
    expect((await openPurchaseQuantities(app.services.core)).get(shop.ids.TEE)).toEqual({ onOrder: 10, nextExpectedOn: '2026-11-08' });
    shop.clock.advance(4 * 86_400_000);
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 3, damaged: 1 }] });
    expect((await openPurchaseQuantities(app.services.core)).get(shop.ids.TEE)).toEqual({ onOrder: 6, nextExpectedOn: '2026-11-08' });
    shop.clock.advance(2 * 86_400_000);
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 6 }] });
    expect((await openPurchaseQuantities(app.services.core)).has(shop.ids.TEE)).toBe(false);
    const observed = (await observedLeadTimes(app.services.core)).get(shop.supplierId)!;
    expect(observed.samples).toBe(2);
    expect(observed.meanDays).toBeCloseTo(5);
    expect(observed.sdDays).toBeCloseTo(Math.SQRT2);
    expect((await app.invoke('suppliers.get', { id: shop.supplierId })).observedLeadTime?.samples).toBe(2);
  });
});

describe('landed-cost allocation (largest remainder)', () => {
  it('splits to the cent, leftover cents to the largest fractions', () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(1000, [3000, 2000, 1000])).toEqual([500, 333, 167]);
    expect(largestRemainder(7, [0, 0])).toEqual([4, 3]);
  });

  it('always sums to the total and never moves a share more than one cent from exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }), (total, weights) => {
        const shares = largestRemainder(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => {
          const exact = sum > 0 ? (total * weights[i]) / sum : total / weights.length;
          expect(Math.abs(s - exact)).toBeLessThan(1);
        });
      }),
    );
  });

  it('spreads by value or by weight (falling back to value when nothing has a weight)', () => {
    const lines = [
      { quantity: 10, unitCostCents: 300, weightG: 100 }, // value 3000, weight 1000
      { quantity: 5, unitCostCents: 200, weightG: 600 }, // value 1000, weight 3000
    ];
    expect(allocateLandedCosts(1001, 'value', lines)).toEqual([751, 250]);
    expect(allocateLandedCosts(1001, 'weight', lines)).toEqual([250, 751]);
    expect(allocateLandedCosts(1001, 'weight', lines.map((l) => ({ ...l, weightG: 0 })))).toEqual([751, 250]);
  });

  it('a line received in any number of parts books exactly its share, in whole cents per unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 500 }), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 10 }), (lineShare, ordered, parts) => {
        let received = 0;
        let booked = 0;
        for (const units of parts) {
          received += units;
          const share = landedShareForReceipt(lineShare, ordered, received, booked);
          const split = perUnitSplit(share, units);
          expect(split.plusOne).toBeGreaterThanOrEqual(0);
          expect(split.plusOne).toBeLessThan(units);
          booked += (units - split.plusOne) * split.base + split.plusOne * (split.base + 1);
        }
        if (received >= ordered) expect(booked).toBe(lineShare);
        else expect(booked).toBe(Math.floor((lineShare * received) / ordered));
      }),
    );
  });
});
