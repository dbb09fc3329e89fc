import { writeFileSync } from 'node:fs';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/api/accounting';
import { formatMoney } from '../../shared/units';
import { parseMoney } from '../domain/orders/intake/money';
import { UsageError, type CliCommand } from './command';

// Period totals add up entries of every currency and carry none: those print in USD, as the journal's sums always have.
const money = (cents: number, currency = 'USD') => formatMoney(cents, currency);

export const accountingCommands: CliCommand[] = [
  {
    name: 'accounting close',
    usage: 'accounting close --from YYYY-MM-DD --to YYYY-MM-DD [--json]',
    summary: 'Close an accounting period (days that are over; periods never overlap); its journal is kept for every export',
    options: { from: { type: 'string' }, to: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.from !== 'string' || typeof values.to !== 'string') throw new UsageError('--from and --to are required');
      const app = await ctx.openApp();
      const p = await app.invoke('accounting.closePeriod', { from: values.from, to: values.to }, { transport: 'cli', actor: 'cli' });
      ctx.out(p, `Period ${p.id} (${p.from} – ${p.to}) closed: ${p.entries} entries; sales ${money(p.totals.sales)}, refunds ${money(p.totals.refunds)}, cost of goods ${money(p.totals.cogs)}, postage ${money(p.totals.postage)}, goods received ${money(p.totals.receipts)}, supplier bills ${money(p.totals.bills)}; sha256 ${p.sha256}`);
    },
  },
  {
    name: 'accounting periods',
    usage: 'accounting periods [--json]',
    summary: 'Closed accounting periods, newest first',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const periods = await app.invoke('accounting.periods', {}, { transport: 'cli' });
      ctx.out(periods, periods.map((p) => `${p.id}  ${p.from} – ${p.to}  ${p.entries} entries  sales ${money(p.totals.sales)}  closed ${p.closedAt.slice(0, 10)} by ${p.closedBy}`).join('\n') || 'No closed periods');
    },
  },
  {
    name: 'accounting export',
    progress: true,
    usage: `accounting export --period ID --format ${EXPORT_FORMATS.join('|')} [--out FILE]`,
    summary: 'A closed period as journal CSV, QuickBooks IIF, QuickBooks Online or Xero invoice CSV (the same bytes every time)',
    options: { period: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    async run({ values }, ctx) {
      const period = Number(values.period);
      if (!Number.isInteger(period) || period <= 0) throw new UsageError('--period ID is required (see `shipshape accounting periods`)');
      if (!EXPORT_FORMATS.includes(values.format as ExportFormat)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      const app = await ctx.openApp();
      const file = await app.invoke('accounting.export', { period, format: values.format as ExportFormat }, { transport: 'cli' });
      const out = typeof values.out === 'string' ? values.out : file.filename;
      writeFileSync(out, file.content);
      ctx.out({ file: out, bytes: Buffer.byteLength(file.content) }, `Wrote ${out}`);
    },
  },
  {
    name: 'po bill',
    usage: 'po bill --po ID|NUMBER --number N --amount PRICE [--date YYYY-MM-DD] [--json]',
    summary: "Record a supplier's bill for a received purchase order (books: goods received not invoiced and any price variance against accounts payable)",
    options: { po: { type: 'string' }, number: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.po !== 'string' || !values.po.trim()) throw new UsageError('--po ID|NUMBER is required (see `shipshape po list`)');
      const po = /^\d+$/.test(values.po) ? Number(values.po) : values.po.trim();
      if (typeof values.number !== 'string' || !values.number.trim()) throw new UsageError("--number is required (the supplier's bill number)");
      if (typeof values.amount !== 'string') throw new UsageError('--amount is required (e.g. 1234.50)');
      const app = await ctx.openApp();
      // The amount is in the PO's currency: "1500" on a yen PO is ¥1,500, not 150,000 yen.
      const { currency } = await app.invoke('po.get', { po }, { transport: 'cli', actor: 'cli' });
      const amount = parseMoney(values.amount, currency);
      if (!amount.ok) throw new UsageError(`--amount: ${amount.message}`);
      const bill = await app.invoke(
        'bills.record',
        { po, number: values.number, amountCents: amount.cents, ...(typeof values.date === 'string' ? { billedOn: values.date } : {}) },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(
        { id: bill.id, po: bill.poNumber, supplier: bill.supplier, number: bill.number, amount_cents: bill.amountCents, received_cents: bill.receivedCents, billed_on: bill.billedOn, due_on: bill.dueOn },
        `Bill ${bill.number} from ${bill.supplier} recorded on ${bill.poNumber}: ${money(bill.amountCents, bill.currency)} (received ${money(bill.receivedCents, bill.currency)}), due ${bill.dueOn}`,
      );
    },
  },
];
