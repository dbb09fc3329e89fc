import type { FlashSaleDto } from '../../shared/api/channels-flash-sale';
import { UsageError, type CliCommand } from './command';

function flashSaleText(sku: string, f: FlashSaleDto): string {
  if (!f.mode) return `${sku}: flash-sale mode off — every storefront is shown the same available figure (${f.available}).`;
  const parts = f.channels.map((c) => `${c.channel} ${c.quota} (${c.sold} sold)`);
  return `${sku}: flash-sale mode (${f.mode === 'owner' ? 'marked as a drop' : 'automatic'}): ${[...parts, `unassigned ${f.unassigned}`].join(' · ')}`;
}

export const flashSaleCommands: CliCommand[] = [
  {
    name: 'channels drop',
    usage: 'channels drop --sku SKU [--off] [--json]',
    summary: 'Mark a SKU as a drop (each channel sells from its own quota) or, with --off, back to the shared figure',
    options: { sku: { type: 'string' }, off: { type: 'boolean' } },
    async run({ values }, ctx) {
      if (!values.sku) throw new UsageError('--sku is required');
      const app = await ctx.openApp();
      const sku = values.sku as string;
      const result = await app.invoke('flashSale.markDrop', { sku, drop: !values.off }, { transport: 'cli' });
      ctx.out(result, flashSaleText(sku, result));
    },
  },
];
