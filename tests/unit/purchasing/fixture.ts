import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

export type TestApp = Awaited<ReturnType<typeof tempApp>>;

/** A shop with three products, two pick bins near and far from the depot, and a supplier selling them. */
export async function purchasingShop(now = '2026-11-02T10:00:00Z') {
  const clock = new ManualClock(new Date(now));
  const app = await tempApp({ clock });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1200, weightG: 400, barcodes: [{ code: '4006381333931' }] });
  await app.invoke('catalog.upsert', { sku: 'TEE', name: 'T-shirt', priceCents: 2000, weightG: 200 });
  await app.invoke('catalog.upsert', { sku: 'HONEY', name: 'Honey jar', priceCents: 900, weightG: 500, lotTracked: true });
  await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'A-01', xM: 1, yM: 1, pickSequence: 1 });
  await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'C-09', xM: 30, yM: 20, pickSequence: 9 });
  const supplier = await app.invoke('suppliers.create', { name: 'Acme Supply', leadTimeDays: 6, currency: 'USD', orderMinimumCents: 10_000 });
  const ids = {
    MUG: (await app.invoke('catalog.get', { sku: 'MUG' })).id,
    TEE: (await app.invoke('catalog.get', { sku: 'TEE' })).id,
    HONEY: (await app.invoke('catalog.get', { sku: 'HONEY' })).id,
  };
  await app.invoke('suppliers.upsertItem', { supplierId: supplier.id, productId: ids.MUG, supplierSku: 'AC-MUG-1', unitCostCents: 300, casePack: 12, moq: 24, priceBreaks: [{ minQty: 48, unitCostCents: 250 }, { minQty: 96, unitCostCents: 220 }] });
  await app.invoke('suppliers.upsertItem', { supplierId: supplier.id, productId: ids.TEE, supplierSku: 'AC-TEE', unitCostCents: 500 });
  await app.invoke('suppliers.upsertItem', { supplierId: supplier.id, productId: ids.HONEY, unitCostCents: 400, casePack: 6 });
  return { app, clock, supplierId: supplier.id, ids };
}

/** Drafts and sends a PO; returns its id and number. */
export async function sentPo(app: TestApp, input: Parameters<TestApp['invoke']>[1] & object) {
  const po = await app.invoke('po.create', input as never);
  await app.invoke('po.send', { po: po.id });
  return po;
}

export async function avgCost(app: TestApp, sku: string): Promise<number> {
  return (await app.services.core.store.raw<{ c: number }>('select avg_cost_cents as c from product where sku = ?', sku))[0].c;
}

export async function onHand(app: TestApp, sku: string, bin?: string): Promise<number> {
  return (
    (await app.services.core.store.raw<{ n: number | null }>(
      `select sum(sb.on_hand) as n from stock_balance sb join product p on p.id = sb.product_id join bin b on b.id = sb.bin_id where p.sku = ? and (cast(? as text) is null or b.code = ?)`,
      sku,
      bin ?? null,
      bin ?? null,
    ))[0].n ?? 0
  );
}
