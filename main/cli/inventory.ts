import { openingStockSentence } from '../../shared/import-columns';
import { UsageError, type CliCommand } from './command';

const int = (name: string, v: unknown): number => {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${v ?? ''}"`);
  return n;
};

export const inventoryCommands: CliCommand[] = [
  {
    name: 'import products',
    progress: true,
    usage: 'import products --format shopify|csv FILE [--skip-bad-rows] [--opening-stock BIN [--opening-stock-warehouse CODE]]',
    summary: 'Import products (streaming; all-or-nothing unless --skip-bad-rows; re-import updates)',
    options: { format: { type: 'string' }, 'skip-bad-rows': { type: 'boolean' }, 'opening-stock': { type: 'string' }, 'opening-stock-warehouse': { type: 'string' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      const format = values.format;
      if (format !== 'shopify' && format !== 'csv') throw new UsageError('--format must be shopify or csv');
      if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
      const app = await ctx.openApp();
      const bin = values['opening-stock'] as string | undefined;
      const openingStock = bin ? { bin, warehouse: values['opening-stock-warehouse'] as string | undefined } : undefined;
      const report = await app.services.inventory.productImport.importFile(format, positionals[0], { skipBadRows: Boolean(values['skip-bad-rows']), openingStock });
      // A file import runs its service directly (streaming), not through the API router: its audit row is written here.
      if (report.written) {
        await app.services.audit.record({ actor: 'cli', role: 'owner', transport: 'cli', area: 'catalog', action: 'catalog.import', target: `file=${positionals[0]}`, detail: { format, file: positionals[0], created: report.created, updated: report.updated, failed: report.failed } });
      }
      const human = [
        `${report.created} created, ${report.updated} updated, ${report.failed} failed${report.written ? '' : ' — nothing was written'}`,
        ...report.errors.slice(0, 50).map((e) => `  row ${e.row}, ${e.column}: ${e.message}`),
        ...(report.errors.length > 50 ? [`  ... and ${report.errors.length - 50} more`] : []),
        ...(report.openingStock ? [openingStockSentence(report.openingStock, report.written, 'give --opening-stock BIN')] : []),
      ].join('\n');
      ctx.out(report, human);
      return report.failed > 0 && !report.written ? 1 : 0;
    },
  },
  {
    name: 'stock',
    usage: 'stock [--sku SKU] [--warehouse CODE] [--json]',
    summary: 'On hand, reserved and available per product and warehouse',
    options: { sku: { type: 'string' }, warehouse: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const entries: { sku: string; warehouse: string; on_hand: number; reserved: number; available: number }[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await app.invoke('stock.list', { warehouse: values.warehouse as string | undefined, query: values.sku as string | undefined, offset, limit: 1000 });
        for (const r of page.rows) {
          if (values.sku && r.sku.toUpperCase() !== String(values.sku).toUpperCase()) continue;
          entries.push({ sku: r.sku, warehouse: r.warehouse, on_hand: r.onHand, reserved: r.reserved, available: r.available });
        }
        if (page.rows.length < 1000) break;
      }
      ctx.out(entries, entries.map((e) => `${e.sku.padEnd(20)} ${e.warehouse.padEnd(8)} on hand ${e.on_hand}  reserved ${e.reserved}  available ${e.available}`).join('\n') || 'No stock');
    },
  },
  {
    name: 'stock adjust',
    usage: 'stock adjust --sku SKU --delta N --reason TEXT [--warehouse CODE] [--bin CODE] [--lot CODE --expires YYYY-MM-DD]',
    summary: "Adjust stock with a reason (default: the warehouse's default bin)",
    options: { sku: { type: 'string' }, delta: { type: 'string' }, reason: { type: 'string' }, warehouse: { type: 'string' }, bin: { type: 'string' }, lot: { type: 'string' }, expires: { type: 'string' } },
    async run({ values }, ctx) {
      if (!values.sku || !values.reason) throw new UsageError('--sku and --reason are required');
      const app = await ctx.openApp();
      const result = await app.invoke(
        'stock.adjust',
        {
          sku: String(values.sku),
          delta: int('delta', values.delta),
          reason: String(values.reason),
          warehouse: values.warehouse as string | undefined,
          bin: values.bin as string | undefined,
          lot: values.lot as string | undefined,
          expiresOn: values.expires as string | undefined,
        },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(result, `${values.sku}: on hand in bin ${result.onHand}, available ${result.available}`);
    },
  },
];
