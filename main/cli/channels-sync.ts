import type { SyncRunDto, SyncStatusDto } from '../../shared/api/channels-sync';
import { UsageError, type CliCommand } from './command';

function statusText(status: SyncStatusDto): string {
  if (status.channels.length === 0) return 'No Shopify or WooCommerce channels.';
  return status.channels
    .map((c) => {
      const head = `${c.channel} (${c.kind}${c.simulated ? ', SIMULATED store' : ''}): ${c.status.replace('_', ' ')}${c.shop ? ` — ${c.shop}` : ''}`;
      if (c.status === 'not_connected') return head;
      return [
        head,
        `  last pull: ${c.lastPullAt ?? 'never'}; backlog: ${c.backlog.pending} waiting, ${c.backlog.dead} refused`,
        `  credentials: …${c.credentialHint ?? ''} (${c.credentialNote ?? '-'})`,
        ...(c.lastError ? [`  last error: ${c.lastError}`] : []),
      ].join('\n');
    })
    .join('\n');
}

function runText(run: SyncRunDto): string {
  if (run.channels.length === 0) return 'No connected channels.';
  return run.channels
    .map((c) => {
      const pull = c.pull ? `pulled ${c.pull.pulled} (${c.pull.created} new, ${c.pull.cancelled} cancelled${c.pull.failed.length ? `, ${c.pull.failed.length} refused` : ''})` : 'no pull';
      const s = c.sent;
      return `${c.channel}: ${pull}; sent ${s.fulfilments} fulfilments, ${s.cancels} cancellations, ${s.stock} stock figures in ${s.stockCalls} calls; ${s.retried} to retry, ${s.dead} refused${c.error ? `\n  error: ${c.error}` : ''}`;
    })
    .join('\n');
}

export const channelSyncCommands: CliCommand[] = [
  {
    name: 'channels connect',
    usage: 'channels connect --channel ID --url URL (--token T | --key K --secret S) [--backfill-days N] [--json]',
    summary: "Connect a Shopify or WooCommerce channel to its store's API",
    options: { channel: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, key: { type: 'string' }, secret: { type: 'string' }, 'backfill-days': { type: 'string' } },
    async run({ values }, ctx) {
      const channel = Number(values.channel);
      if (!Number.isInteger(channel) || channel <= 0) throw new UsageError('--channel must be a channel id (see `shipshape channels list`)');
      if (!values.url) throw new UsageError('--url is required (the shop domain or store address)');
      const backfill = values['backfill-days'] === undefined ? undefined : Number(values['backfill-days']);
      const app = await ctx.openApp();
      const result = await app.invoke(
        'channels.connect',
        { channel, url: values.url as string, token: values.token as string | undefined, key: values.key as string | undefined, secret: values.secret as string | undefined, backfillDays: backfill },
        { transport: 'cli' },
      );
      const human = [
        `Connected to ${result.shop}. Credentials ${result.credentialNote}.`,
        ...result.locations.map((l) => `  location ${l.name} → ${l.warehouse ?? '(not stocked from Shipshape)'}${l.suggested ? ' (suggested)' : ''}`),
        `Orders of the last ${result.backfillDays} days are pulled by the next sync (shipshape sync run).`,
      ].join('\n');
      ctx.out({ connected: result.connected, shop: result.shop, locations: result.locations, channelId: result.channelId, credentialNote: result.credentialNote }, human);
    },
  },
  {
    name: 'sync status',
    usage: 'sync status [--json]',
    summary: 'Per channel: connected or why not, last pull, outgoing backlog, last error',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const status = await app.invoke('sync.status', {}, { transport: 'cli' });
      ctx.out(status, statusText(status));
    },
  },
  {
    name: 'sync run',
    usage: 'sync run [--channel ID] [--json]',
    summary: 'One full sync pass now: pull orders, then send everything due',
    options: { channel: { type: 'string' } },
    async run({ values }, ctx) {
      const channel = values.channel === undefined ? undefined : Number(values.channel);
      if (channel !== undefined && (!Number.isInteger(channel) || channel <= 0)) throw new UsageError('--channel must be a channel id');
      const app = await ctx.openApp();
      const run = await app.invoke('sync.run', { channel }, { transport: 'cli' });
      ctx.out(run, runText(run));
      return run.channels.some((c) => c.error) ? 1 : 0;
    },
  },
];
