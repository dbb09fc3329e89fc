import { UsageError, type CliCommand } from './command';
import type { PromiseCursor } from '../../shared/api/orders';

export const orderCommands: CliCommand[] = [
  {
    name: 'channels add',
    usage: 'channels add --kind shopify|woocommerce|csv|manual --name NAME [--secret S] [--json]',
    summary: 'Add a sales channel; prints its webhook path',
    options: { kind: { type: 'string' }, name: { type: 'string' }, secret: { type: 'string' }, 'default-warehouse': { type: 'string' }, 'allow-split': { type: 'boolean' } },
    async run({ values }, ctx) {
      const kind = values.kind;
      if (kind !== 'shopify' && kind !== 'woocommerce' && kind !== 'csv' && kind !== 'manual') throw new UsageError('--kind must be shopify, woocommerce, csv or manual');
      if (typeof values.name !== 'string') throw new UsageError('--name is required');
      const app = await ctx.openApp();
      const channel = await app.invoke(
        'channels.upsert',
        {
          name: values.name,
          kind,
          secret: values.secret as string | undefined,
          defaultWarehouse: values['default-warehouse'] as string | undefined,
          allowSplit: values['allow-split'] ? true : undefined,
        },
        { transport: 'cli' },
      );
      ctx.out({ id: channel.id, webhook_path: channel.webhookPath }, `Channel ${channel.id} (${channel.name}): webhooks to ${channel.webhookPath}`);
    },
  },
  {
    name: 'import orders',
    progress: true,
    usage: 'import orders --channel ID --format shopify|woocommerce|csv FILE [--json]',
    summary: 'Import orders from a file (idempotent: re-importing reports duplicates)',
    options: { channel: { type: 'string' }, format: { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const format = values.format;
      if (format !== 'shopify' && format !== 'woocommerce' && format !== 'csv') throw new UsageError('--format must be shopify, woocommerce or csv');
      const channel = Number(values.channel);
      if (!Number.isInteger(channel) || channel <= 0) throw new UsageError('--channel ID is required');
      if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
      const app = await ctx.openApp();
      const report = await app.services.orders.importFile(channel, format, positionals[0], 'cli');
      // A file import runs its service directly (streaming), not through the API router: its audit row is written here.
      if (report.created > 0 || report.cancelled > 0) await app.services.audit.record({ actor: 'cli', role: 'owner', transport: 'cli', area: 'orders', action: 'orders.import', target: `channel=${channel}`, detail: { channel, format, file: positionals[0], created: report.created, cancelled: report.cancelled, duplicate: report.duplicate, failed: report.failed } });
      const human = [
        `${report.created} created, ${report.cancelled} cancelled, ${report.duplicate} duplicate, ${report.on_hold} on hold, ${report.failed} failed`,
        ...report.errors.slice(0, 50).map((e) => `  ${e.row ? `row ${e.row}` : (e.path ?? '')} ${e.field}: ${e.message}`),
      ].join('\n');
      ctx.out(report, human);
      return report.failed > 0 ? 1 : 0;
    },
  },
  {
    name: 'orders',
    usage: 'orders [--status S] [--channel ID] [--warehouse CODE|none] [--promised-by YYYY-MM-DD] [--tag T] [--sort newest|promise] [--limit N] [--json]',
    summary: 'List orders, newest first or (--sort promise) earliest promise first (--warehouse none: not allocated; --tag matches whole tags, any case)',
    options: {
      status: { type: 'string' },
      channel: { type: 'string' },
      warehouse: { type: 'string' },
      'promised-by': { type: 'string' },
      tag: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
    },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const limit = values.limit ? Number(values.limit) : 100;
      const rows: { id: number; channel: string; external_id: string; number: string; status: string; warehouse: string | null; lines: { sku: string; qty: number }[] }[] = [];
      let cursor: { before: number } | { after: PromiseCursor } | undefined;
      if (values.sort !== undefined && values.sort !== 'promise' && values.sort !== 'newest') throw new UsageError('--sort is newest or promise');
      const sort = values.sort === 'promise' ? 'promise' : 'newest';
      const warehouse = typeof values.warehouse === 'string' ? values.warehouse : undefined;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      while (rows.length < limit) {
        const page = await app.invoke('orders.list', {
          status: values.status as never,
          channel: values.channel ? Number(values.channel) : undefined,
          warehouse: warehouse?.toLowerCase() === 'none' ? null : warehouse,
          promisedTo: str(values['promised-by']),
          tag: str(values.tag),
          sort,
          ...cursor,
          limit: Math.min(500, limit - rows.length),
        });
        for (const o of page.rows) rows.push({ id: o.id, channel: o.channel, external_id: o.externalId, number: o.number, status: o.status, warehouse: o.warehouse, lines: o.lines });
        cursor = page.nextAfter ? { after: page.nextAfter } : page.nextBefore ? { before: page.nextBefore } : undefined;
        if (!cursor) break;
      }
      ctx.out(rows, rows.map((o) => `${String(o.id).padStart(6)} ${o.number.padEnd(10)} ${o.status.padEnd(12)} ${(o.warehouse ?? '-').padEnd(6)} ${o.lines.map((l) => `${l.qty}×${l.sku}`).join(', ')}`).join('\n') || 'No orders');
    },
  },
];
