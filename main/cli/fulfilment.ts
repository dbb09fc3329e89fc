import type { PickBatchDto } from '../../shared/api/fulfilment';
import { UsageError, type CliCommand } from './command';

function batchJson(b: PickBatchDto) {
  return {
    batch_id: b.id,
    warehouse: b.warehouse,
    status: b.status,
    urgent: b.urgent,
    orders: b.totes.map((t) => t.orderNumber),
    totes: b.totes.map((t) => ({ tote: t.tote, code: t.toteCode, order: t.orderNumber })),
    route_m: b.routeM,
    method: b.routeMethod,
    stops: b.tasks.filter((t) => t.status !== 'cancelled').map((t) => ({ stop: t.stop, bin: t.bin, sku: t.sku, qty: t.qty, lot: t.lot, tote: t.tote })),
  };
}

function batchText(b: PickBatchDto): string {
  return [
    `Batch ${b.id} (${b.warehouse}${b.urgent ? ', urgent' : ''}): ${b.totes.length} order(s), route ${b.routeM.toFixed(1)} m (${b.routeMethod})`,
    ...b.totes.map((t) => `  tote ${t.tote} ${t.toteCode.padEnd(8)} ${t.orderNumber}`),
    ...b.tasks.filter((t) => t.status !== 'cancelled').map((t) => `  ${String(t.stop ?? '-').padStart(3)}. ${t.bin.padEnd(12)} ${String(t.qty).padStart(3)} × ${t.sku.padEnd(16)} tote ${t.tote}${t.lot ? ` lot ${t.lot}` : ''}`),
  ].join('\n');
}

export const fulfilmentCommands: CliCommand[] = [
  {
    name: 'pick create',
    usage: 'pick create --warehouse CODE [--max-orders N] [--cart N] [--json]',
    summary: 'Batch allocated orders into a pick cart on the shortest route; orders go to picking',
    options: { warehouse: { type: 'string' }, 'max-orders': { type: 'string' }, cart: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.warehouse !== 'string') throw new UsageError('--warehouse CODE is required');
      const maxOrders = values['max-orders'] === undefined ? undefined : Number(values['max-orders']);
      if (maxOrders !== undefined && (!Number.isInteger(maxOrders) || maxOrders < 1)) throw new UsageError('--max-orders must be a positive whole number');
      const cart = values.cart === undefined ? Math.min(maxOrders ?? 8, 64) : Number(values.cart);
      if (!Number.isInteger(cart) || cart < 1 || cart > 64) throw new UsageError('--cart must be between 1 and 64');
      const app = await ctx.openApp();
      const batches = await app.invoke('picking.createBatches', { warehouse: values.warehouse, maxOrders, cartCapacity: cart }, { transport: 'cli', actor: 'cli' });
      if (batches.length === 0) {
        ctx.out({ batch_id: null, orders: [], route_m: 0, stops: [], batches: [] }, `No allocated orders to pick in ${values.warehouse}`);
        return 0;
      }
      // The first cart at the top level (the usual case is one); every cart under `batches`.
      ctx.out({ ...batchJson(batches[0]), batches: batches.map(batchJson) }, batches.map(batchText).join('\n\n'));
    },
  },
  {
    name: 'pick route',
    usage: 'pick route --batch ID [--json]',
    summary: 'A pick batch’s stored route and pick list in walking order',
    options: { batch: { type: 'string' } },
    async run({ values }, ctx) {
      const id = Number(values.batch);
      if (!Number.isInteger(id) || id < 1) throw new UsageError('--batch ID is required');
      const app = await ctx.openApp();
      const batch = await app.invoke('picking.batch', { id }, { transport: 'cli' });
      ctx.out({ ...batchJson(batch), route: batch.route }, batchText(batch));
    },
  },
];
