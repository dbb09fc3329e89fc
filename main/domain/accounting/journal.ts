import type { AccountKey, JournalDto, JournalEntryDto, ReceiptBooking } from '../../../shared/api/accounting';
import type { Core } from '../../core';
import type { MovementKind, SalesOrderRow } from '../../store/schema';
import { shopCalendar } from '../calendar/shop-calendar';
import { billEntries, receiptEntries } from './purchases-journal';

/** Default names of the accounts the journal books to (the owner renames them to match the books). */
export const DEFAULT_ACCOUNTS: Record<AccountKey, string> = {
  funds: 'Undeposited Funds',
  sales: 'Sales',
  shipping_income: 'Shipping Income',
  sales_tax: 'Sales Tax Payable',
  returns: 'Sales Returns and Allowances',
  cogs: 'Cost of Goods Sold',
  inventory: 'Inventory Asset',
  postage: 'Postage and Delivery',
  payable: 'Accounts Payable',
  grni: 'Goods Received Not Invoiced',
  purchase_variance: 'Purchase Price Variance',
};

/**
 * The period's journal, double entry in minor units, every entry balanced:
 * - **sale**, on the shop day an order first became shipped or partially shipped: the order's total
 *   to the funds account against sales (lines less discounts), shipping income and sales tax —
 *   with the order's lines, for the invoice formats;
 * - **cost of goods**, per day: what left the shelf for customers (picked; put-backs net), at the
 *   moving-average cost recorded on each movement, from inventory to cost of goods sold;
 * - **restock**, per day: returned units back into inventory at their recorded cost;
 * - **refund**, per refund recorded: sales returns against the funds account;
 * - **postage**, per day: parcels labelled (not voided), at what the postage account charged (or the
 *   rate-card price), to postage expense against accounts payable;
 * - **receipt**, per goods receipt against a PO: inventory (cost incl. landed costs) against goods
 *   received not invoiced, or accounts payable (`receiptsAgainst`);
 * - **bill**, per supplier bill: GRNI cleared and any price variance against accounts payable.
 * Cancelled orders never ship and are never booked.
 */
export async function buildJournal(
  core: Core,
  from: string,
  to: string,
  accounts: Record<AccountKey, string>,
  options: { receiptsAgainst: ReceiptBooking; codes?: Record<AccountKey, string>; xeroDateFormat?: JournalDto['xeroDateFormat'] } = { receiptsAgainst: 'grni' },
): Promise<JournalDto> {
  const { store } = core;
  const calendar = await shopCalendar(core);
  // Rows are read with a day of slack on each side (time zones), then kept by their shop-local date.
  const lo = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString();
  const hi = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000).toISOString();
  const inPeriod = (iso: string) => {
    const day = calendar.localDate(new Date(iso));
    return day >= from && day <= to ? day : null;
  };
  const entries: JournalEntryDto[] = [];
  const line = (account: AccountKey, debitCents: number, creditCents: number) => ({ account, debitCents, creditCents });

  // Sales: an order is booked on the day it first became (partially) shipped — from its history, so
  // orders marked shipped by hand count as well as those Shipshape labelled.
  const firstShipped = await store.all(
    store.kysely
      .selectFrom('order_event')
      .select((eb) => ['order_id', eb.fn.min<string>('at').as('at')])
      .where('to_status', 'in', ['shipped', 'partially_shipped'])
      .groupBy('order_id')
      .having((eb) => eb.and([eb(eb.fn.min('at'), '>=', lo), eb(eb.fn.min('at'), '<', hi)]))
      .orderBy('at')
      .orderBy('order_id'),
  );
  for (const s of firstShipped) {
    const date = inPeriod(s.at);
    if (!date) continue;
    const o: SalesOrderRow = (await store.get(store.kysely.selectFrom('sales_order').selectAll().where('id', '=', s.order_id)))!;
    const lines = await store.all(
      store.kysely.selectFrom('order_line').select(['sku', 'name', 'quantity', 'unit_price_cents', 'discount_cents', 'tax_cents']).where('order_id', '=', o.id).orderBy('line_no'),
    );
    const net = o.subtotal_cents - o.discount_cents;
    const address = o.ship_to ? (JSON.parse(o.ship_to) as { line1?: string; line2?: string | null; city?: string; regionCode?: string | null; postalCode?: string; countryCode?: string }) : {};
    entries.push({
      date,
      kind: 'sale',
      reference: o.number,
      memo: `Order ${o.number}`,
      currency: o.currency,
      lines: [line('funds', o.total_cents, 0), line('sales', 0, net), line('shipping_income', 0, o.shipping_cents), line('sales_tax', 0, o.tax_cents)].filter(
        (l) => l.debitCents !== 0 || l.creditCents !== 0,
      ),
      sale: {
        customer: o.customer_name,
        email: o.customer_email,
        address: { line1: address.line1 ?? '', line2: address.line2 ?? null, city: address.city ?? '', region: address.regionCode ?? null, postalCode: address.postalCode ?? '', country: address.countryCode ?? '' },
        lines: lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPriceCents: l.unit_price_cents, discountCents: l.discount_cents, taxCents: l.tax_cents })),
        shippingCents: o.shipping_cents,
        taxCents: o.tax_cents,
      },
    });
  }

  // Cost of goods and restocks, one entry per day each.
  const perDay = (rows: { at: string; cents: number }[]) => {
    const days = new Map<string, number>();
    for (const r of rows) {
      const date = inPeriod(r.at);
      if (date) days.set(date, (days.get(date) ?? 0) + r.cents);
    }
    return [...days].sort(([a], [b]) => a.localeCompare(b)).filter(([, cents]) => cents !== 0);
  };
  const movements = async (kinds: MovementKind[], sign: 1 | -1) =>
    (await store.all(
      store.kysely
        .selectFrom('stock_movement')
        .select((eb) => ['at', eb('quantity', '*', eb.fn.coalesce('unit_cost_cents', eb.lit(0))).as('cents')])
        .where('kind', 'in', kinds)
        .where('at', '>=', lo)
        .where('at', '<', hi),
    )).map((m) => ({ at: m.at, cents: sign * m.cents }));
  const currency = (await store.get(store.kysely.selectFrom('product').select('currency').limit(1)))?.currency ?? 'USD';
  for (const [date, cents] of perDay(await movements(['pick', 'ship'], -1))) {
    const [dr, cr]: AccountKey[] = cents > 0 ? ['cogs', 'inventory'] : ['inventory', 'cogs'];
    entries.push({ date, kind: 'cogs', reference: `COGS ${date}`, memo: 'Cost of goods picked for orders (moving-average cost)', currency, lines: [line(dr, Math.abs(cents), 0), line(cr, 0, Math.abs(cents))] });
  }
  for (const [date, cents] of perDay(await movements(['return'], 1))) {
    entries.push({ date, kind: 'restock', reference: `RESTOCK ${date}`, memo: 'Returned goods back in stock (moving-average cost)', currency, lines: [line('inventory', cents, 0), line('cogs', 0, cents)] });
  }

  const refunds = store.kysely
    .selectFrom('refund as f')
    .innerJoin('sales_order as o', 'o.id', 'f.order_id')
    .select(['f.id', 'f.amount_cents', 'f.currency', 'f.reason', 'f.recorded_at', 'o.number'])
    .where('f.recorded_at', '>=', lo)
    .where('f.recorded_at', '<', hi)
    .orderBy('f.recorded_at')
    .orderBy('f.id');
  for (const r of await store.all(refunds)) {
    const date = inPeriod(r.recorded_at);
    if (date && r.amount_cents > 0) entries.push({ date, kind: 'refund', reference: `${r.number} refund ${r.id}`, memo: r.reason, currency: r.currency, lines: [line('returns', r.amount_cents, 0), line('funds', 0, r.amount_cents)] });
  }

  const postage = await store.all(
    store.kysely
      .selectFrom('shipment')
      .select((eb) => ['created_at as at', eb.fn.coalesce('cost_cents', 'price_cents').as('cents')])
      .where('status', '<>', 'voided')
      .where('created_at', '>=', lo)
      .where('created_at', '<', hi),
  );
  for (const [date, cents] of perDay(postage)) {
    entries.push({ date, kind: 'postage', reference: `POSTAGE ${date}`, memo: 'Postage for parcels labelled', currency, lines: [line('postage', cents, 0), line('payable', 0, cents)] });
  }

  entries.push(...await receiptEntries(core, lo, hi, inPeriod, options.receiptsAgainst), ...await billEntries(core, from, to, options.receiptsAgainst));

  // A stable sort: within a day and kind, entries keep the order they were read in.
  const order = { sale: 0, refund: 1, cogs: 2, restock: 3, postage: 4, receipt: 5, bill: 6 } as const;
  entries.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind]);
  return { from, to, accounts, ...(options.codes ? { codes: options.codes } : {}), ...(options.xeroDateFormat ? { xeroDateFormat: options.xeroDateFormat } : {}), entries };
}

/** Whether every entry's debits equal its credits (they are built so; checked before a period is closed). */
export function unbalancedEntry(journal: JournalDto): JournalEntryDto | undefined {
  return journal.entries.find((e) => e.lines.reduce((s, l) => s + l.debitCents - l.creditCents, 0) !== 0);
}
