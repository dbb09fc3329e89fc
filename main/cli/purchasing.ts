import { writeFileSync } from 'node:fs';
import type { App } from '../app';
import { parseMoney } from '../domain/orders/intake/money';
import { centsToDecimalText } from '../domain/orders/intake/money';
import { UsageError, type CliCommand } from './command';
import { createPosFromPlan } from './replenishment';

const CLI = { transport: 'cli' as const, actor: 'cli' };

const wholeNumber = (flag: string, v: unknown, min = 0): number => {
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || n < min) throw new UsageError(`--${flag} must be a whole number${min > 0 ? ` ≥ ${min}` : ''}, got "${v ?? ''}"`);
  return n;
};

const money = (flag: string, v: string, currency = 'USD'): number => {
  const parsed = parseMoney(v, currency);
  if (!parsed.ok || parsed.cents < 0) throw new UsageError(`${flag}: ${parsed.ok ? `"${v}" is negative` : parsed.message}`);
  return parsed.cents;
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(String);

async function productId(app: App, sku: string, label: string): Promise<number> {
  const id = await app.services.inventory.catalog.lookupId(sku);
  if (id == null) throw new UsageError(`${label}: unknown SKU '${sku}'`);
  return id;
}

function poIdOf(values: Record<string, unknown>, positionals: string[]): string {
  const ref = (values.po as string | undefined) ?? positionals[0];
  if (!ref) throw new UsageError('give the PO: --po ID (or its number, e.g. PO-00012)');
  return ref;
}

/** A PO reference as the API takes it: a number is an id, anything else a PO number. */
const poRef = (ref: string): number | string => (/^\d+$/.test(ref) ? Number(ref) : ref);

async function poId(app: App, ref: string): Promise<number> {
  return (await app.invoke('po.get', { po: poRef(ref) }, CLI)).id;
}

export const purchasingCommands: CliCommand[] = [
  {
    name: 'suppliers add',
    usage: 'suppliers add --name N [--lead-time-days D] [--currency C] [--order-minimum PRICE] [--terms-days D] [--email E] [--json]',
    summary: 'Add a supplier',
    options: { name: { type: 'string' }, 'lead-time-days': { type: 'string' }, currency: { type: 'string' }, 'order-minimum': { type: 'string' }, 'terms-days': { type: 'string' }, email: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.name !== 'string' || !values.name.trim()) throw new UsageError('--name is required');
      const currency = typeof values.currency === 'string' ? values.currency.toUpperCase() : undefined;
      const app = await ctx.openApp();
      const created = await app.invoke(
        'suppliers.create',
        {
          name: values.name,
          ...(currency ? { currency } : {}),
          ...(values['lead-time-days'] !== undefined ? { leadTimeDays: wholeNumber('lead-time-days', values['lead-time-days']) } : {}),
          ...(values['terms-days'] !== undefined ? { paymentTermsDays: wholeNumber('terms-days', values['terms-days']) } : {}),
          ...(typeof values['order-minimum'] === 'string' ? { orderMinimumCents: money('--order-minimum', values['order-minimum'], currency) } : {}),
          ...(typeof values.email === 'string' ? { email: values.email } : {}),
        },
        CLI,
      );
      ctx.out({ id: created.id }, `Supplier ${values.name} added (id ${created.id})`);
    },
  },
  {
    name: 'suppliers list',
    usage: 'suppliers list [--json]',
    summary: 'Suppliers with promised and observed lead times',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const rows = await app.invoke('suppliers.list', {}, CLI);
      ctx.out(
        rows,
        rows.map((s) => `${String(s.id).padStart(4)}  ${s.name.padEnd(28)} ${s.currency}  lead ${s.leadTimeDays}d${s.observedLeadTime ? ` (observed ${s.observedLeadTime.meanDays.toFixed(1)}d)` : ''}  ${s.itemCount} items`).join('\n') || 'No suppliers',
      );
    },
  },
  {
    name: 'suppliers item',
    usage: 'suppliers item --supplier ID --sku S --cost PRICE [--case-pack N] [--moq N] [--supplier-sku X] [--lead-time-days D] [--break QTY:PRICE ...] [--preferred] [--json]',
    summary: 'Set what a supplier charges for one of our SKUs (price breaks replace earlier ones)',
    options: {
      supplier: { type: 'string' }, sku: { type: 'string' }, cost: { type: 'string' }, 'case-pack': { type: 'string' }, moq: { type: 'string' },
      'supplier-sku': { type: 'string' }, 'lead-time-days': { type: 'string' }, break: { type: 'string', multiple: true }, preferred: { type: 'boolean' },
    },
    async run({ values }, ctx) {
      const supplierId = wholeNumber('supplier', values.supplier, 1);
      if (typeof values.sku !== 'string') throw new UsageError('--sku is required');
      if (typeof values.cost !== 'string') throw new UsageError('--cost is required (e.g. 2.50)');
      const app = await ctx.openApp();
      const supplier = await app.invoke('suppliers.get', { id: supplierId }, CLI);
      const priceBreaks = list(values.break).map((b, i) => {
        const m = /^(\d+):(.+)$/.exec(b.trim());
        if (!m) throw new UsageError(`--break ${i + 1}: expected QTY:PRICE such as 48:2.10, got "${b}"`);
        return { minQty: Number(m[1]), unitCostCents: money(`--break ${i + 1}`, m[2], supplier.currency) };
      });
      const result = await app.invoke(
        'suppliers.upsertItem',
        {
          supplierId,
          productId: await productId(app, values.sku, '--sku'),
          unitCostCents: money('--cost', values.cost, supplier.currency),
          ...(values['case-pack'] !== undefined ? { casePack: wholeNumber('case-pack', values['case-pack'], 1) } : {}),
          ...(values.moq !== undefined ? { moq: wholeNumber('moq', values.moq) } : {}),
          ...(typeof values['supplier-sku'] === 'string' ? { supplierSku: values['supplier-sku'] } : {}),
          ...(values['lead-time-days'] !== undefined ? { leadTimeDays: wholeNumber('lead-time-days', values['lead-time-days']) } : {}),
          ...(priceBreaks.length ? { priceBreaks } : {}),
          ...(values.preferred ? { preferred: true } : {}),
        },
        CLI,
      );
      ctx.out({ id: result.id }, `${values.sku} from ${supplier.name}: ${values.cost} ${supplier.currency}${priceBreaks.length ? ` (${priceBreaks.length} price break(s))` : ''}`);
    },
  },
  {
    name: 'po create',
    usage: 'po create --supplier ID --line SKU:QTY[:COST] ... [--expected YYYY-MM-DD] [--freight PRICE] [--duty PRICE] [--landed value|weight] [--json]  |  po create --from-plan [--json]',
    summary: 'Draft a purchase order (QTY in units, whole case packs; COST defaults to the supplier price with breaks)',
    options: {
      supplier: { type: 'string' }, line: { type: 'string', multiple: true }, expected: { type: 'string' }, freight: { type: 'string' }, duty: { type: 'string' },
      other: { type: 'string' }, landed: { type: 'string' }, warehouse: { type: 'string' }, 'from-plan': { type: 'boolean' },
    },
    async run({ values }, ctx) {
      if (values['from-plan']) {
        // Drafts POs from the autopilot's plan (main/cli/replenishment.ts).
        return createPosFromPlan(ctx);
      }
      const supplierId = wholeNumber('supplier', values.supplier, 1);
      const lines = list(values.line);
      if (lines.length === 0) throw new UsageError('give at least one --line SKU:QTY[:COST]');
      if (values.landed !== undefined && values.landed !== 'value' && values.landed !== 'weight') throw new UsageError('--landed must be value or weight');
      const app = await ctx.openApp();
      const supplier = await app.invoke('suppliers.get', { id: supplierId }, CLI);
      const parsed = [];
      for (const [i, text] of lines.entries()) {
        const m = /^([^:]+):(\d+)(?::(.+))?$/.exec(text.trim());
        if (!m) throw new UsageError(`line ${i + 1}: expected SKU:QTY[:COST], got "${text}"`);
        parsed.push({ productId: await productId(app, m[1], `line ${i + 1}`), quantity: Number(m[2]), ...(m[3] ? { unitCostCents: money(`line ${i + 1}: cost`, m[3], supplier.currency) } : {}) });
      }
      const warehouseId = typeof values.warehouse === 'string' ? (await app.services.inventory.locations.warehouse(values.warehouse)).id : undefined;
      const created = await app.invoke(
        'po.create',
        {
          supplierId,
          lines: parsed,
          ...(warehouseId ? { warehouseId } : {}),
          ...(typeof values.expected === 'string' ? { expectedOn: values.expected } : {}),
          ...(typeof values.freight === 'string' ? { freightCents: money('--freight', values.freight, supplier.currency) } : {}),
          ...(typeof values.duty === 'string' ? { dutyCents: money('--duty', values.duty, supplier.currency) } : {}),
          ...(typeof values.other === 'string' ? { otherCostCents: money('--other', values.other, supplier.currency) } : {}),
          ...(values.landed ? { landedCostMethod: values.landed as 'value' | 'weight' } : {}),
        },
        CLI,
      );
      ctx.out({ id: created.id, number: created.number }, `${created.number} drafted for ${supplier.name} (id ${created.id})`);
    },
  },
  {
    name: 'po list',
    usage: 'po list [--status draft|sent|partially_received|received|closed|cancelled|open] [--overdue] [--json]',
    summary: 'Purchase orders, newest first',
    options: { status: { type: 'string' }, overdue: { type: 'boolean' }, supplier: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const statuses = ['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled', 'open'] as const;
      const status = values.status as (typeof statuses)[number] | undefined;
      if (status !== undefined && !statuses.includes(status)) throw new UsageError(`--status must be one of ${statuses.join(', ')}`);
      const rows = await app.invoke('po.list', { ...(status ? { status } : {}), overdueOnly: Boolean(values.overdue), ...(values.supplier ? { supplierId: wholeNumber('supplier', values.supplier, 1) } : {}) }, CLI);
      ctx.out(
        rows,
        rows.map((p) => `${p.number.padEnd(10)} ${p.supplierName.padEnd(24)} ${p.status.padEnd(18)} expected ${p.expectedOn ?? '—'}${p.overdue ? ' OVERDUE' : ''}  ${centsToDecimalText(p.totalCents, p.currency)} ${p.currency}`).join('\n') || 'No purchase orders',
      );
    },
  },
  {
    name: 'po show',
    usage: 'po show --po ID|NUMBER [--pdf FILE] [--csv FILE] [--json]',
    summary: 'A purchase order with lines, landed costs, history and receipts (optionally write its PDF / CSV)',
    options: { po: { type: 'string' }, pdf: { type: 'string' }, csv: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const app = await ctx.openApp();
      const ref = poRef(poIdOf(values, positionals));
      const po = await app.invoke('po.get', { po: ref }, CLI);
      for (const format of ['pdf', 'csv'] as const) {
        if (typeof values[format] === 'string') writeFileSync(values[format] as string, Buffer.from((await app.invoke('po.exportDocument', { po: po.id, format }, CLI)).base64, 'base64'));
      }
      const m = (c: number) => centsToDecimalText(c, po.currency);
      ctx.out(
        po,
        [
          `${po.number}  ${po.supplierName}  ${po.status}${po.overdue ? ' (OVERDUE)' : ''}  expected ${po.expectedOn ?? '—'}  warehouse ${po.warehouse}`,
          ...po.lines.map((l) => `  ${l.lineNo}. ${l.sku.padEnd(16)} ${String(l.quantity).padStart(5)}${l.cases != null ? ` (${l.cases}×${l.casePack})` : ''} @ ${m(l.unitCostCents)}  received ${l.receivedQty}${l.damagedQty ? `, damaged ${l.damagedQty}` : ''}, open ${l.openQty}`),
          `  goods ${m(po.goodsCents)} + freight ${m(po.freightCents)} + duty ${m(po.dutyCents)} + other ${m(po.otherCostCents)} = ${m(po.totalCents)} ${po.currency} (landed costs by ${po.landedCostMethod})`,
          ...po.events.map((e) => `  ${e.at.slice(0, 16).replace('T', ' ')}  ${e.actor}: ${e.summary}`),
        ].join('\n'),
      );
    },
  },
  {
    name: 'po send',
    usage: 'po send --po ID|NUMBER [--json]',
    summary: 'Mark a draft purchase order as sent to the supplier',
    options: { po: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const app = await ctx.openApp();
      const id = await poId(app, poIdOf(values, positionals));
      const result = await app.invoke('po.send', { po: id }, CLI);
      ctx.out({ id, status: 'sent', warnings: result.warnings }, ['Sent.', ...result.warnings.map((w) => `warning: ${w}`)].join('\n'));
    },
  },
  {
    name: 'po cancel',
    usage: 'po cancel --po ID|NUMBER [--reason TEXT] [--json]',
    summary: 'Cancel a draft or sent purchase order',
    options: { po: { type: 'string' }, reason: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const app = await ctx.openApp();
      const id = await poId(app, poIdOf(values, positionals));
      await app.invoke('po.cancel', { po: id, reason: typeof values.reason === 'string' ? values.reason : '' }, CLI);
      ctx.out({ id, status: 'cancelled' }, 'Cancelled.');
    },
  },
  {
    name: 'po close',
    usage: 'po close --po ID|NUMBER [--json]',
    summary: 'Close a received or partially received purchase order',
    options: { po: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const app = await ctx.openApp();
      const id = await poId(app, poIdOf(values, positionals));
      await app.invoke('po.close', { po: id }, CLI);
      ctx.out({ id, status: 'closed' }, 'Closed.');
    },
  },
  {
    name: 'po receive',
    usage: 'po receive --po ID|NUMBER --line CODE:QTY ... [--damaged CODE:QTY ...] [--lot L --expires YYYY-MM-DD] [--bin CODE] [--json]',
    summary: 'Receive goods against a PO (CODE: our SKU, GTIN or supplier SKU); prints the putaway list',
    options: { po: { type: 'string' }, line: { type: 'string', multiple: true }, damaged: { type: 'string', multiple: true }, lot: { type: 'string' }, expires: { type: 'string' }, bin: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.po !== 'string') throw new UsageError('--po is required');
      const parse = (flag: string, texts: string[]) =>
        texts.map((t, i) => {
          const m = /^(.+):(\d+)$/.exec(t.trim());
          if (!m) throw new UsageError(`--${flag} ${i + 1}: expected CODE:QTY, got "${t}"`);
          return { code: m[1], qty: Number(m[2]) };
        });
      const good = parse('line', list(values.line));
      const damaged = parse('damaged', list(values.damaged));
      if (good.length + damaged.length === 0) throw new UsageError('give at least one --line CODE:QTY (or --damaged CODE:QTY)');
      // One receipt line per code: its good and damaged units together.
      const byCode = new Map<string, { code: string; quantity: number; damaged: number }>();
      for (const g of good) byCode.set(g.code, { code: g.code, quantity: (byCode.get(g.code)?.quantity ?? 0) + g.qty, damaged: byCode.get(g.code)?.damaged ?? 0 });
      for (const d of damaged) byCode.set(d.code, { code: d.code, quantity: byCode.get(d.code)?.quantity ?? 0, damaged: (byCode.get(d.code)?.damaged ?? 0) + d.qty });
      const app = await ctx.openApp();
      const result = await app.invoke(
        'po.receive',
        {
          po: poRef(values.po),
          lines: [...byCode.values()].map((l) => ({
            ...l,
            ...(typeof values.lot === 'string' ? { lot: values.lot } : {}),
            ...(typeof values.expires === 'string' ? { expiresOn: values.expires } : {}),
            ...(typeof values.bin === 'string' ? { bin: values.bin } : {}),
          })),
        },
        CLI,
      );
      ctx.out(
        result,
        [
          `Receipt ${result.receiptId} on ${result.po}: now ${result.status.replace('_', ' ')}`,
          ...result.lines.map((l) => `  ${l.sku.padEnd(16)} +${l.received}${l.over ? ` (${l.over} over)` : ''}${l.damaged ? `, ${l.damaged} damaged` : ''}${l.stillOpen ? `, ${l.stillOpen} still to come` : ''}`),
          'Put away:',
          ...result.putaway.map((p) => `  ${p.bin.padEnd(10)} ${p.sku.padEnd(16)} ${p.quantity}${p.lot ? ` lot ${p.lot}` : ''}`),
        ].join('\n'),
      );
    },
  },
];
