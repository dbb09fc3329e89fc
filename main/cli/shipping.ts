import { mapInOrder } from '../util/in-order';
import { readFileSync } from 'node:fs';
import type { ImportReportDto, ShipmentDto } from '../../shared/api/shipping';
import type { App } from '../app';
import { AppError } from '../../shared/errors';
import { formatMoney, fromMinor } from '../../shared/money';
import { UsageError, type CliCommand } from './command';

const orderId = (v: unknown): number => {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n <= 0) throw new UsageError(`--order must be an order id, got "${v ?? ''}"`);
  return n;
};

const oneFile = (positionals: string[]): string => {
  if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
  return readFileSync(positionals[0], 'utf8');
};

const importHuman = (what: string, r: ImportReportDto) =>
  r.ok ? `${what}: ${r.rows} rows imported` : [`${what}: nothing imported, ${r.errors.length} problem(s)`, ...r.errors.slice(0, 50).map((e) => `  row ${e.row}, ${e.column || '-'}: ${e.message}`)].join('\n');

/** Sends print jobs now (one-shot CLI: no running queue worker) and waits for them. */
async function printJobsNow(app: App, jobIds: number[], timeoutMs: number): Promise<string[]> {
  const { queue } = app.services.devices;
  if (jobIds.length === 0) return [];
  const printerIds = [...new Set(await mapInOrder(jobIds, async (id) => (await app.services.devices.registry.printer((await queue.get(id)).printer)).id))];
  await queue.start({ printerIds });
  try {
    const jobs = await Promise.all(jobIds.map((id) => queue.waitFor(id, timeoutMs)));
    return jobs.map((j) => `${j.kind.replace(/_/g, ' ')} job ${j.id} ${j.state}${j.error ? `: ${j.error}` : ''}`);
  } finally {
    await queue.stop();
  }
}

/** Sends the shipment's label jobs now and waits for them. */
async function printNow(app: App, shipment: ShipmentDto, timeoutMs: number): Promise<string[]> {
  return printJobsNow(app, shipment.packages.map((p) => p.printJobId).filter((id): id is number => id !== null), timeoutMs);
}

const orderIds = (v: unknown): number[] => {
  const ids = String(v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--orders must be order ids separated by commas, e.g. --orders 12,13,14');
  return ids.map((x) => orderId(x));
};

/** `ship --orders ...`: batch labels; exit 0 only when every order shipped. */
async function shipBatch(values: Record<string, unknown>, ctx: Parameters<CliCommand['run']>[1]): Promise<number> {
  if (values.service !== undefined || values.order !== undefined) throw new UsageError('--orders ships each order on its recommended service; give --order (one order) to choose a service');
  const app = await ctx.openApp();
  const printer = typeof values.printer === 'string' ? values.printer : undefined;
  const pickBatch = Number(values['pick-batch']);
  if (values['pick-batch'] !== undefined && (!Number.isInteger(pickBatch) || pickBatch <= 0)) throw new UsageError(`--pick-batch must be a pick batch id, got "${values['pick-batch']}"`);
  const which = values['pick-batch'] !== undefined ? { pickBatchId: pickBatch } : { orderIds: orderIds(values.orders) };
  const batch = await app.invoke('shipping.batchCreate', { ...which, printer }, { transport: 'cli', actor: 'cli' });
  const jobs = batch.shipped.flatMap((s) => s.printJobIds);
  const printed = printer ? await printJobsNow(app, jobs, (Number(values.timeout) || 30) * 1000) : [];
  ctx.out(
    {
      batch_id: batch.id,
      shipped: batch.shipped.map((s) => ({ order: s.orderId, number: s.orderNumber, shipment_id: s.shipmentId, service: s.serviceName, label: s.labelKind, tracking_numbers: s.trackingNumbers, price_cents: s.priceCents })),
      failed: batch.failed.map((f) => ({ order: f.orderId, number: f.orderNumber, reason: f.reason })),
      summary: batch.summary,
      // What was shipped but not printed (customs papers with no PDF printer, a slip that failed),
      // and with --printer every label job that was not done when this process stopped waiting
      // (it stays in the print queue; the running app sends it).
      notes: [...batch.notes, ...printed.filter((p) => !p.includes(' done'))],
    },
    [
      `Batch ${batch.id}: ${batch.summary}`,
      ...batch.shipped.map((s) => `  ${s.orderNumber}: shipment ${s.shipmentId}, ${s.serviceName}, ${s.trackingNumbers.join(', ')}${s.labelKind === 'reference' ? ' (NOT POSTAGE — reference only)' : ''}`),
      ...batch.failed.map((f) => `  ${f.orderNumber}: FAILED — ${f.reason}`),
      ...batch.notes.map((n) => `  note: ${n}`),
      ...(printed.some((p) => !p.includes(' done')) ? printed.filter((p) => !p.includes(' done')) : []),
    ].join('\n'),
  );
  return batch.failed.length === 0 ? 0 : 1;
}

export const shippingCommands: CliCommand[] = [
  {
    name: 'import zones',
    usage: 'import zones --carrier C FILE',
    summary: 'Replace a carrier’s zone chart from CSV origin_prefix,dest_prefix,zone',
    options: { carrier: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      if (typeof values.carrier !== 'string') throw new UsageError('--carrier C is required');
      const csv = oneFile(positionals);
      const app = await ctx.openApp();
      const report = await app.invoke('shipping.importZones', { carrier: values.carrier, csv }, { transport: 'cli', actor: 'cli' });
      ctx.out(report, importHuman(`${values.carrier} zones`, report));
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'import ratecard',
    usage: 'import ratecard --carrier C --service S FILE [--currency USD]',
    summary: 'Replace a service’s rate card from CSV zone,max_weight_g,price',
    options: { carrier: { type: 'string' }, service: { type: 'string' }, currency: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      if (typeof values.carrier !== 'string' || typeof values.service !== 'string') throw new UsageError('--carrier C and --service S are required');
      const csv = oneFile(positionals);
      const app = await ctx.openApp();
      const report = await app.invoke(
        'shipping.importRateCard',
        { carrier: values.carrier, service: values.service, csv, currency: typeof values.currency === 'string' ? values.currency : 'USD' },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(report, importHuman(`${values.carrier}/${values.service} rate card`, report));
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'rates',
    usage: 'rates --order ID [--json]',
    summary: 'Rate an order: every eligible service, the recommendation and why',
    options: { order: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const r = await app.invoke('shipping.rateOrder', { orderId: orderId(values.order) }, { transport: 'cli' });
      const json = {
        options: r.options.map((o) => ({
          carrier: o.carrier,
          service: o.service,
          price_cents: o.priceCents,
          currency: o.currency,
          billable_weight_g: o.billableWeightG,
          transit_days: o.transitDays,
          delivery_date: o.deliveryDate,
          on_time_probability: o.onTimeProbability,
          meets_promise: o.meetsPromise,
          // Honest labels: 'reference' = no postage account for this carrier, the label would be NOT POSTAGE.
          label: o.labelKind,
        })),
        recommended: r.recommended ? { carrier: r.recommended.carrier, service: r.recommended.service } : null,
        reason: r.reason,
      };
      const human = [
        ...r.options.map(
          (o) =>
            `${r.recommended?.serviceKey === o.serviceKey ? '*' : ' '} ${`${o.carrier}/${o.service}`.padEnd(28)} ${fromMinor(o.priceCents, o.currency).padStart(8)} ${o.currency}  ${o.deliveryDate}  ${Math.floor(o.onTimeProbability * 100)}% on time${o.labelKind === 'reference' ? '  (NOT POSTAGE: reference label only)' : ''}`,
        ),
        r.reason,
      ].join('\n');
      ctx.out(json, human);
    },
  },
  {
    name: 'ship',
    usage: 'ship --order ID [--service CARRIER/SERVICE --reason TEXT] [--printer NAME] [--json] | ship --orders ID,ID,...|--pick-batch N [--printer NAME] [--json]',
    summary: 'Create the shipment (labels, tracking numbers), print the label when a printer is given; --orders / --pick-batch: batch labels in pick order',
    options: { order: { type: 'string' }, orders: { type: 'string' }, 'pick-batch': { type: 'string' }, service: { type: 'string' }, reason: { type: 'string' }, printer: { type: 'string' }, timeout: { type: 'string' } },
    async run({ values }, ctx) {
      if (values.orders !== undefined || values['pick-batch'] !== undefined) return shipBatch(values, ctx);
      const id = orderId(values.order);
      const app = await ctx.openApp();
      const service = typeof values.service === 'string' ? values.service : undefined;
      let s: ShipmentDto;
      try {
        s = await app.invoke(
          'shipping.ship',
          {
            orderId: id,
            service,
            // As the API: a service other than the recommended one needs the operator's reason.
            overrideReason: typeof values.reason === 'string' ? values.reason : undefined,
            printer: typeof values.printer === 'string' ? values.printer : undefined,
          },
          { transport: 'cli', actor: 'cli' },
        );
      } catch (error) {
        if (error instanceof AppError && (error.details as { field?: string } | undefined)?.field === 'overrideReason') {
          throw new UsageError(`${error.message}: give it with --reason TEXT`);
        }
        throw error;
      }
      const printed = values.printer ? await printNow(app, s, (Number(values.timeout) || 30) * 1000) : [];
      const json = {
        shipment_id: s.id,
        carrier: s.carrier,
        service: s.serviceKey.slice(s.serviceKey.indexOf(':') + 1),
        tracking_number: s.packages[0]?.trackingNumber ?? null,
        // 'reference': NOT POSTAGE, the number is an internal reference (no postage account for this carrier).
        label: s.labelKind,
        price_cents: s.priceCents,
        // Bought postage: what the postage account charged.
        ...(s.costCents !== null ? { cost_cents: s.costCents } : {}),
      };
      ctx.out(
        { ...json, ...(s.packages.length > 1 ? { tracking_numbers: s.packages.map((p) => p.trackingNumber) } : {}) },
        [
          `Shipment ${s.id}: ${s.serviceName}, ${s.packages.map((p) => p.trackingNumber).join(', ')}, ${formatMoney(s.priceCents, s.currency)}`,
          ...(s.labelKind === 'reference' ? ['NOT POSTAGE — REFERENCE ONLY: no postage account for this carrier; the number is an internal reference, not tracking'] : []),
          ...printed,
        ].join('\n'),
      );
    },
  },
  {
    name: 'postage',
    usage: 'postage [--easypost-key KEY] [--carriers usps,ups,...] [--base-url URL] [--off] [--json]',
    summary: 'Show, connect or disconnect the EasyPost postage account (labels of its carriers are bought there)',
    options: { 'easypost-key': { type: 'string' }, carriers: { type: 'string' }, 'base-url': { type: 'string' }, off: { type: 'boolean' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const change = {
        apiKey: values['easypost-key'] as string | undefined,
        carriers: typeof values.carriers === 'string' ? values.carriers.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
        baseUrl: values['base-url'] as string | undefined,
        off: values.off ? (true as const) : undefined,
      };
      const changing = Object.values(change).some((v) => v !== undefined);
      const account = changing ? await app.invoke('shipping.updatePostage', change, { transport: 'cli', actor: 'cli' }) : await app.invoke('shipping.postage', {}, { transport: 'cli' });
      ctx.out(
        account,
        account.provider
          ? `Postage: EasyPost (key ${account.apiKeyHint}) buys ${account.carriers.join(', ')} labels${account.baseUrl ? ` at ${account.baseUrl}` : ''}`
          : 'Postage: no account; every label is made from the rate cards',
      );
    },
  },
  {
    name: 'manifest close',
    usage: 'manifest close --carrier C [--printer NAME]',
    summary: 'End of day: manifest a carrier’s open shipments (prints the summary CSV)',
    options: { carrier: { type: 'string' }, printer: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.carrier !== 'string') throw new UsageError('--carrier C is required');
      const app = await ctx.openApp();
      const m = await app.invoke('shipping.closeManifest', { carrier: values.carrier, printer: typeof values.printer === 'string' ? values.printer : undefined }, { transport: 'cli', actor: 'cli' });
      ctx.out(m, m.csv.trimEnd());
    },
  },
  {
    name: 'import tracking',
    usage: 'import tracking FILE',
    summary: 'Tracking updates from CSV tracking_number,status,at[,message,location]',
    positionals: 'any',
    async run({ positionals }, ctx) {
      const csv = oneFile(positionals);
      const app = await ctx.openApp();
      const r = await app.invoke('shipping.trackingImport', { csv }, { transport: 'cli', actor: 'cli' });
      ctx.out(r, [`${r.updated} of ${r.rows} rows applied`, ...r.errors.slice(0, 50).map((e) => `  row ${e.row}, ${e.column}: ${e.message}`)].join('\n'));
      return r.ok ? 0 : 1;
    },
  },
];
