import type { ProductInput } from '../../shared/api/inventory';
import { ManualClock } from '../clock';
import { gs1CheckDigit } from '../util/gs1';
import { createInventory } from '../domain/inventory/index';
import { EventBus } from '../events';
import type { DemoContext, DemoSeeder } from './index';
import type { Random } from './random';
import { FAMILIES, KITS } from './catalog-families';

const DAY_MS = 86_400_000;
const ACTOR = 'demo';

/** A US GS1 company prefix for the demo catalog; item references follow, then the check digit. */
const GTIN_PREFIX = '0860012';

function gtin13(item: number): string {
  const body = `${GTIN_PREFIX}${String(item).padStart(5, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

interface DemoProduct extends ProductInput {
  /** Plan for seeding stock, not stored. */
  plan: { perishableDays?: number; homeBin?: string; bulkBin?: string; stockedEast: boolean; velocity: number; neverStocked?: boolean };
}

const roundTo = (n: number, step: number) => Math.round(n / step) * step;

/** Expands the families into concrete variant products, deterministically. */
function buildCatalog(random: Random): DemoProduct[] {
  const products: DemoProduct[] = [];
  let item = 100;
  for (const family of FAMILIES) {
    for (const [ni, base] of family.names.entries()) {
      const combos = family.variants.reduce<[string, string][][]>((acc, axis) => acc.flatMap((c) => axis.map((v) => [...c, v])), [[]]);
      const basePrice = roundTo(random.int(family.priceCents[0], family.priceCents[1]), 100) - 1;
      const baseWeight = random.int(family.weightG[0], family.weightG[1]);
      for (const combo of combos) {
        const sku = [family.prefix, String(ni + 1).padStart(2, '0'), ...combo.map(([c]) => c)].join('-');
        const label = combo.map(([, l]) => l).join(' / ');
        const sizeFactor = combo.some(([c]) => ['L', 'XL', 'LG', '500', '1K', 'BOX', '250'].includes(c)) ? 1.25 : 1;
        const priceCents = Math.max(299, Math.round((basePrice * sizeFactor) / 100) * 100 - 1);
        const velocity = random.next() < 0.15 ? random.int(30, 80) : random.int(2, 25);
        const perishable = family.shelfLifeDays !== undefined;
        products.push({
          sku,
          name: `${base} — ${label}`,
          variantOptions: Object.fromEntries(combo.map(([, l], i) => [family.axes[i], l])),
          weightG: Math.round(baseWeight * sizeFactor),
          lengthMm: family.dims[0] + random.int(-10, 10),
          widthMm: family.dims[1] + random.int(-10, 10),
          heightMm: family.dims[2] + random.int(0, 15),
          priceCents,
          // Cost of goods 35–55 % of price, whole cents.
          costCents: Math.round(priceCents * (0.35 + random.next() * 0.2)),
          currency: 'USD',
          hsCode: family.hs,
          customsDescription: family.customs,
          originCountry: random.pick(family.origin),
          tags: family.tags,
          lotTracked: perishable,
          reorderPoint: Math.max(4, Math.round(velocity * 1.5)),
          safetyStock: random.chance(0.2) ? random.int(1, 4) : 0,
          barcodes: [{ code: gtin13(item++), kind: 'gtin' }, ...(random.chance(0.1) ? [{ code: `SUP-${family.prefix}-${random.int(10000, 99999)}`, kind: 'supplier' as const }] : [])],
          aliases: random.chance(0.3) ? [{ channel: 'shopify', alias: `${sku.toLowerCase()}` }] : [],
          plan: { perishableDays: family.shelfLifeDays, stockedEast: random.chance(0.6), velocity, neverStocked: random.chance(0.03) },
        });
      }
    }
  }
  return products;
}

interface Layout {
  code: string;
  pickBins: string[];
  bulkBins: string[];
  receiving: string;
  returns: string;
  quarantine: string;
}

/**
 * A parallel-aisle layout: pick aisles run front to back (y), bays along each aisle, bins on both
 * sides; the pick sequence snakes (up odd aisles, down even ones) so a route follows it naturally.
 * Bulk racking sits at the back; receiving, returns and quarantine by the dock (the depot).
 */
function layoutBins(warehouse: string, aisles: number, bays: number, levels: string[]) {
  const bins: { code: string; zone: string; aisle: string; bay: string; level: string; xM: number; yM: number; pickSequence: number; kind: 'pick' | 'bulk' | 'receiving' | 'returns' | 'quarantine' }[] = [];
  const pickBins: string[] = [];
  const bulkBins: string[] = [];
  let sequence = 1;
  for (let a = 1; a <= aisles; a++) {
    const aisleX = 3 + (a - 1) * 3.2;
    const bayOrder = Array.from({ length: bays }, (_, i) => (a % 2 === 1 ? i + 1 : bays - i));
    for (const b of bayOrder) {
      for (const level of levels) {
        const code = `A${String(a).padStart(2, '0')}-${String(b).padStart(2, '0')}-${level}`;
        // Odd bays on the left shelf, even bays on the right; 1.2 m per bay pair.
        bins.push({ code, zone: 'A', aisle: String(a).padStart(2, '0'), bay: String(b).padStart(2, '0'), level, xM: aisleX + (b % 2 ? -0.8 : 0.8), yM: 2 + Math.ceil(b / 2) * 1.2, pickSequence: sequence++, kind: 'pick' });
        pickBins.push(code);
      }
    }
  }
  const backY = 2 + Math.ceil(bays / 2) * 1.2 + 4;
  for (let r = 1; r <= 2; r++) {
    for (let b = 1; b <= 6; b++) {
      const code = `B${String(r).padStart(2, '0')}-${String(b).padStart(2, '0')}`;
      bins.push({ code, zone: 'B', aisle: `B${r}`, bay: String(b).padStart(2, '0'), level: 'F', xM: 3 + (b - 1) * 2.5, yM: backY + (r - 1) * 3, pickSequence: 1000 + sequence++, kind: 'bulk' });
      bulkBins.push(code);
    }
  }
  bins.push({ code: 'RCV-01', zone: 'DOCK', aisle: '', bay: '', level: '', xM: 0.5, yM: 0.5, pickSequence: 0, kind: 'receiving' });
  bins.push({ code: 'RET-01', zone: 'DOCK', aisle: '', bay: '', level: '', xM: 2.0, yM: 0.5, pickSequence: 0, kind: 'returns' });
  bins.push({ code: 'QRN-01', zone: 'DOCK', aisle: '', bay: '', level: '', xM: 3.5, yM: 0.5, pickSequence: 0, kind: 'quarantine' });
  const layout: Layout = { code: warehouse, pickBins, bulkBins, receiving: 'RCV-01', returns: 'RET-01', quarantine: 'QRN-01' };
  return { bins, layout };
}

type Step = { at: number; run(): Promise<void> | void };

/**
 * The demo catalog and stock: ~550 products (variants, kits, lot-tracked perishables with near and
 * past expiry), two warehouses with a parallel-aisle layout, and 90 days of ledger history written
 * through the real services (so balances, levels, lots and average costs are what they would be).
 * Every movement is dated in the past by running the services on a demo clock.
 */
export const inventorySeeder: DemoSeeder = {
  name: 'inventory',
  async seed({ app, random, today }: DemoContext) {
    const clock = new ManualClock(new Date(today.getTime() - 91 * DAY_MS));
    // The real services on a demo clock; events go nowhere (nothing listens while seeding).
    const inv = createInventory({ store: app.store, clock, events: new EventBus(clock), lanMode: false });
    const { store } = app;

    await store.tx(async () => {
      await inv.warehouses.upsert({
        code: 'MAIN', name: 'Portland Fulfilment Center', address: '5420 N Lagoon Ave', city: 'Portland', region: 'OR', postalCode: '97217', country: 'US',
        latitude: 45.5627, longitude: -122.6926, costRank: 0, depot: { xM: 1.5, yM: 0 },
      });
      await inv.warehouses.upsert({
        code: 'EAST', name: 'Columbus East Warehouse', address: '2900 Port Rd', city: 'Columbus', region: 'OH', postalCode: '43217', country: 'US',
        latitude: 39.8194, longitude: -82.9302, costRank: 1, depot: { xM: 1.5, yM: 0 },
      });
    });
    const main = layoutBins('MAIN', 6, 10, ['A', 'B', 'C']);
    const east = layoutBins('EAST', 4, 8, ['A', 'B']);
    await store.tx(async () => {
      for (const [code, { bins }] of [['MAIN', main], ['EAST', east]] as const) for (const b of bins) await inv.warehouses.upsertBin({ warehouse: code, ...b });
    });

    const catalog = buildCatalog(random);
    await store.tx(async () => {
      for (const { plan: _plan, ...p } of catalog) await inv.catalog.upsert(p);
      const byFamily = (prefix: string) => catalog.filter((p) => p.sku.startsWith(`${prefix}-`));
      let item = 900;
      for (const kit of KITS) {
        const counts = new Map<string, number>();
        for (const prefix of kit.pick) {
          const c = random.pick(byFamily(prefix)).sku;
          counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        await inv.catalog.upsert({
          sku: kit.sku, name: kit.name, priceCents: random.int(35, 90) * 100 - 1, currency: 'USD', tags: ['kit', 'gift'],
          barcodes: [{ code: gtin13(item++), kind: 'gtin' }], components: [...counts].map(([sku, quantity]) => ({ sku, quantity })),
        });
      }
    });

    // Plan the 90 days of history as timed steps, then replay them in time order so ledger ids
    // increase with time, as they would in a real shop.
    const steps: Step[] = [];
    const at = (daysAgo: number) => today.getTime() - daysAgo * DAY_MS - 4 * 3_600_000 + random.int(0, 8 * 60) * 60_000;
    const assignedPick = new Map<string, number>();
    const homeBin = (layout: Layout, sku: string) => {
      const key = `${layout.code}:${sku}`;
      if (!assignedPick.has(key)) assignedPick.set(key, random.int(0, layout.pickBins.length - 1));
      return layout.pickBins[assignedPick.get(key)!];
    };
    const transferable: { sku: string; lot?: string }[] = [];
    const lotExpiry = new Map<string, string>();

    for (const p of catalog) {
      if (p.plan.neverStocked) continue;
      for (const layout of [main.layout, east.layout]) {
        if (layout.code === 'EAST' && !p.plan.stockedEast) continue;
        const bin = homeBin(layout, p.sku);
        const receipts = random.int(1, 3);
        const eastFactor = layout.code === 'EAST' ? 0.5 : 1;
        for (let r = 0; r < receipts; r++) {
          const daysAgo = random.int(3, 90);
          const quantity = Math.max(1, Math.round(p.plan.velocity * random.int(2, 6) * eastFactor));
          const unitCostCents = Math.round((p.costCents ?? 0) * (0.92 + random.next() * 0.16));
          const lot = p.plan.perishableDays ? `L${new Date(today.getTime() - daysAgo * DAY_MS).toISOString().slice(2, 10).replace(/-/g, '')}${r}` : undefined;
          // Shelf life from receipt; some lots are already past it or close to it (the point of FEFO).
          // A lot received in both warehouses on the same day is one lot: one expiry date.
          const expiresOn = p.plan.perishableDays
            ? (lotExpiry.get(`${p.sku}:${lot}`) ??
              new Date(today.getTime() + (p.plan.perishableDays - daysAgo - random.int(0, Math.round(p.plan.perishableDays * 0.6))) * DAY_MS).toISOString().slice(0, 10))
            : undefined;
          if (lot && expiresOn) lotExpiry.set(`${p.sku}:${lot}`, expiresOn);
          const toBulk = !lot && quantity > 60 && random.chance(0.5);
          steps.push({
            at: at(daysAgo),
            run: async () => {
              await inv.stock.receive({ sku: p.sku, warehouse: layout.code, bin: toBulk ? random.pick(layout.bulkBins) : bin, lot, expiresOn, quantity, unitCostCents, reference: `PO-${1000 + random.int(1, 400)}` }, ACTOR);
            },
          });
          if (layout.code === 'MAIN' && r === 0) transferable.push({ sku: p.sku, lot });
        }
      }
    }

    // Shrinkage, damage and found stock: adjustments with reasons, on stock that exists by then.
    const reasons = ['damaged in handling', 'found during putaway', 'customer return, resaleable', 'shrinkage', 'water damage', 'miscount correction'];
    for (let i = 0; i < 80; i++) {
      const p = random.pick(catalog);
      if (p.plan.neverStocked || p.lotTracked) continue;
      const reason = random.pick(reasons);
      const positive = reason.startsWith('found') || reason.startsWith('customer');
      const daysAgo = random.int(1, 60);
      steps.push({ at: at(daysAgo) + i * 1000, run: () => safely(async () => await inv.stock.adjust({ sku: p.sku, warehouse: 'MAIN', bin: homeBin(main.layout, p.sku), delta: positive ? random.int(1, 3) : -random.int(1, 4), reason }, ACTOR)) });
    }

    // Sell-through, so stock curves go down as well as up: recorded as adjustments for channel
    // sales made before Shipshape took over order intake.
    for (const p of catalog) {
      if (p.plan.neverStocked || p.lotTracked || random.chance(0.4)) continue;
      for (let d = 80; d > 3; d -= random.int(6, 14)) {
        steps.push({ at: at(d), run: () => safely(async () => await inv.stock.adjust({ sku: p.sku, warehouse: 'MAIN', bin: homeBin(main.layout, p.sku), delta: -random.int(1, Math.max(1, p.plan.velocity)), reason: 'channel sales before Shipshape' }, ACTOR)) });
      }
    }

    // Replenishment: bulk -> pick moves; inter-warehouse transfers (most received, two in transit).
    for (let i = 0; i < 12; i++) {
      const t = random.pick(transferable);
      const inTransit = i >= 10;
      const daysAgo = inTransit ? 1 : random.int(2, 30);
      steps.push({
        at: at(daysAgo),
        run: () =>
          safely(async () => {
            const transfer = await inv.transfers.create({ from: 'MAIN', to: 'EAST', lines: [{ sku: t.sku, quantity: random.int(2, 6), lot: t.lot, fromBin: homeBin(main.layout, t.sku) }] }, ACTOR);
            if (!inTransit) {
              clock.advance(DAY_MS + 3_600_000);
              await inv.transfers.receive(transfer.id, 'RCV-01', ACTOR);
            }
          }),
      });
    }

    steps.sort((a, b) => a.at - b.at);
    await store.tx(async () => {
      for (const step of steps) {
        clock.set(new Date(step.at));
        await step.run();
      }
    });

    // A few things a shop owner should notice: quarantined lots, a partly-done cycle count.
    // Yesterday evening: `today` is noon, which may still be ahead of the real clock.
    clock.set(new Date(today.getTime() - 14 * 3_600_000));
    await store.tx(async () => {
      const perishable = catalog.filter((p) => p.lotTracked && !p.plan.neverStocked).slice(0, 2);
      for (const p of perishable) {
        const lotRow = await store.get(
          store.kysely.selectFrom('stock_balance as b').innerJoin('lot', 'lot.id', 'b.lot_id').innerJoin('bin', 'bin.id', 'b.bin_id')
            .innerJoin('product as pr', 'pr.id', 'b.product_id').innerJoin('warehouse as w', 'w.id', 'b.warehouse_id')
            .select(['lot.code', 'b.on_hand', 'bin.code as bin']).where('pr.sku', '=', p.sku).where('w.code', '=', 'MAIN').where('b.on_hand', '>', 1)
            .orderBy('lot.expires_on').limit(1),
        );
        if (lotRow) await safely(async () => await inv.stock.move({ sku: p.sku, warehouse: 'MAIN', fromBin: lotRow.bin, toBin: main.layout.quarantine, lot: lotRow.code, quantity: 1 }, ACTOR));
      }
      const stocked = await store.get(
        store.kysely.selectFrom('bin').innerJoin('warehouse as w', 'w.id', 'bin.warehouse_id').select('bin.code').where('w.code', '=', 'MAIN').where('bin.kind', '=', 'pick')
          .where((eb) => eb.exists(eb.selectFrom('stock_balance as b').select('b.id').whereRef('b.bin_id', '=', 'bin.id').where('b.on_hand', '>', 0)))
          .orderBy('bin.pick_sequence').limit(1),
      );
      if (stocked) await inv.counts.create({ warehouse: 'MAIN', bin: stocked.code, blind: true }, ACTOR);
    });
  },
};

/** A planned step that no longer fits (e.g. not enough stock left by then) is skipped, not fatal. */
async function safely(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'CONFLICT' && code !== 'VALIDATION') throw err;
  }
}
