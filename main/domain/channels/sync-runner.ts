import { mapInOrder } from '../../util/in-order';
import type { ChannelSyncStatusDto, SyncRunDto, SyncStatusDto } from '../../../shared/api/channels-sync';
import type { Core } from '../../core';
import type { Orders } from '../orders/index';
import { ChannelApiError } from './connector';
import { storageNote } from './credentials';
import { drainChannel, emptyDrain, type DrainResult } from './outbox-sender';
import { pullOrders, type PullResult } from './order-pull';
import { queueStockChanges } from './stock-targets';
import { reconcileStock } from './stock-reconcile';
import type { ChannelConnections } from './sync-service';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'channel-sync' });

/** Setting: minutes between reconciliation pulls (default 5). */
export const PULL_INTERVAL_SETTING = 'sync.pullIntervalMinutes';

type RunEntry = SyncRunDto['channels'][number];

/**
 * Runs sync passes — the reconciliation pull, the stock reconciliation and the outbox drain — one
 * at a time per process (the worker's timers and "Sync now" never interleave on one channel, so a
 * row is never sent twice concurrently), and answers the status screen with one query per channel.
 */
export class SyncRunner {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: Core,
    private readonly orders: Orders,
    private readonly connections: ChannelConnections,
  ) {}

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.chain.then(job, job);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when the pass in progress (if any) has finished. */
  idle(): Promise<void> {
    return this.serial(async () => undefined);
  }

  /** Connected (not paused, not disconnected) channels, optionally one. */
  private async activeChannels(only?: number): Promise<number[]> {
    const { store } = this.core;
    let q = store.kysely.selectFrom('channel_connection').select('channel_id').where('status', '=', 'connected');
    if (only !== undefined) q = q.where('channel_id', '=', only);
    return (await store.all(q.orderBy('channel_id'))).map((r) => r.channel_id);
  }

  private async pausedChannels(only?: number) {
    const { store } = this.core;
    let q = store.kysely.selectFrom('channel_connection').select(['channel_id', 'last_error']).where('status', '=', 'needs_attention');
    if (only !== undefined) q = q.where('channel_id', '=', only);
    return await store.all(q.orderBy('channel_id'));
  }

  async pullIntervalMinutes(): Promise<number> {
    const { store } = this.core;
    const value = Number((await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', PULL_INTERVAL_SETTING)))?.value);
    return Number.isFinite(value) && value > 0 ? value : 5;
  }

  /** One full pass now (`sync.run`, and the worker every few minutes): pull, reconcile stock, then drain. */
  run(only?: number): Promise<SyncRunDto> {
    return this.serial(async () => {
      if (only !== undefined) await this.connections.channel(only);
      const channels: RunEntry[] = [];
      if (only !== undefined && (await this.activeChannels(only)).length === 0 && (await this.pausedChannels(only)).length === 0) {
        const c = await this.connections.connection(only);
        channels.push(entry(only, (await this.orders.channels.row(only)).name, null, 0, emptyDrain(), c ? (c.last_error ?? `the channel is ${c.status.replace('_', ' ')}`) : 'not connected to a store'));
        return { channels };
      }
      // Paused channels are listed with the reason, without calling their store.
      for (const c of await this.pausedChannels(only)) channels.push(entry(c.channel_id, (await this.orders.channels.row(c.channel_id)).name, null, 0, emptyDrain(), c.last_error));
      for (const channelId of await this.activeChannels(only)) {
        const channel = await this.orders.channels.row(channelId);
        let pull: PullResult | null = null;
        let error: string | null = null;
        try {
          const connector = await this.connections.connectorFor(channelId);
          try {
            pull = await pullOrders(this.core, this.orders, channel, connector);
          } catch (e) {
            if (e instanceof ChannelApiError && (e.kind === 'auth' || e.kind === 'scope')) {
              await this.connections.pause(channelId, e);
              channels.push(entry(channelId, channel.name, null, 0, { ...emptyDrain(), paused: e.message }, (await this.connections.connection(channelId))?.last_error ?? e.message));
              continue;
            }
            // The store is unreachable or busy: the outgoing changes may still get through.
            error = `the order pull failed: ${(e as Error).message}`;
          }
          // The store's actual counts against ours (stock-reconcile.ts) — only after a pull that
          // succeeded: a shortfall is trusted only once the pull has brought any order that explains it.
          let corrected = 0;
          if (pull) {
            try {
              const r = await reconcileStock(this.core, channelId, connector);
              corrected = r.pushedDown + r.raised;
            } catch (e) {
              if (e instanceof ChannelApiError && (e.kind === 'auth' || e.kind === 'scope')) {
                await this.connections.pause(channelId, e);
                channels.push(entry(channelId, channel.name, pull, 0, { ...emptyDrain(), paused: e.message }, (await this.connections.connection(channelId))?.last_error ?? e.message));
                continue;
              }
              error ??= `reading the store's stock failed: ${(e as Error).message}`;
            }
          }
          const stockQueued = corrected + await queueStockChanges(this.core, channelId);
          const sent = await drainChannel(this.core, channelId, connector, async (e) => await this.connections.pause(channelId, e));
          if (sent.paused) error = (await this.connections.connection(channelId))?.last_error ?? sent.paused;
          channels.push(entry(channelId, channel.name, pull, stockQueued, sent, error));
        } catch (e) {
          channels.push(entry(channelId, channel.name, pull, 0, emptyDrain(), (e as Error).message));
        }
      }
      if (channels.length) this.core.events.publish('sync.changed', {});
      return { channels };
    });
  }

  /**
   * What a drain waits for first: stock changes already committed but still being queued (the
   * after-commit work in index.ts). On SQLite that finishes within the turn; on PostgreSQL it
   * takes round trips, and a drain asked for meanwhile would send the old figure, not the new one.
   */
  stockQueued: () => Promise<void> = async () => undefined;

  /** Sends what is due on every active channel (the worker, every couple of seconds): no pull. */
  async drain(): Promise<void> {
    await this.stockQueued();
    return await this.serial(async () => {
      let any = false;
      for (const channelId of await this.activeChannels()) {
        try {
          const sent = await drainChannel(this.core, channelId, await this.connections.connectorFor(channelId), async (e) => await this.connections.pause(channelId, e));
          const moved = sent.fulfilmentsSent + sent.cancelsSent + sent.stockCalls + sent.retried + sent.dead > 0 || sent.paused !== null;
          if (moved) log.info({ channelId, ...sent }, 'sync pass sent');
          any ||= moved;
        } catch (e) {
          log.error({ err: e, channelId }, 'sending to the store failed');
        }
      }
      if (any) this.core.events.publish('sync.changed', {});
    });
  }

  async status(): Promise<SyncStatusDto> {
    const { store } = this.core;
    const channels = await store.all(store.kysely.selectFrom('channel').selectAll().where('kind', 'in', ['shopify', 'woocommerce']).orderBy('id'));
    return { pullIntervalMinutes: await this.pullIntervalMinutes(), channels: await mapInOrder(channels, async (c) => await this.channelStatus(c.id, c.name, c.kind)) };
  }

  private async channelStatus(channelId: number, name: string, kind: string): Promise<ChannelSyncStatusDto> {
    const { store } = this.core;
    const c = await this.connections.connection(channelId);
    const backlog = await store.get(
      store.kysely
        .selectFrom('sync_outbox')
        .select((eb) => [
          eb.fn.sum<number>(eb.case().when('state', '=', 'pending').then(1).else(0).end()).as('pending'),
          eb.fn.sum<number>(eb.case().when('state', '=', 'dead').then(1).else(0).end()).as('dead'),
          eb.fn.min<string>(eb.case().when('state', '=', 'pending').then(eb.ref('created_at')).end()).as('oldest'),
          eb.fn.max<string>('sent_at').as('last_sent'),
        ])
        .where('channel_id', '=', channelId),
    );
    const retrying = await store.get(
      store.kysely.selectFrom('sync_outbox').select('last_error').where('channel_id', '=', channelId).where('state', '=', 'pending').where('last_error', 'is not', null).orderBy('id', 'desc'),
    );
    const deadRows = await store.all(
      store.kysely.selectFrom('sync_outbox').select(['id', 'kind', 'coalesce_key', 'last_error', 'sent_at']).where('channel_id', '=', channelId).where('state', '=', 'dead').orderBy('id', 'desc').limit(20),
    );
    return {
      channelId,
      channel: name,
      kind,
      status: c ? c.status : 'not_connected',
      platform: c?.platform ?? null,
      shop: c?.shop_name ?? null,
      url: c?.url ?? null,
      simulated: c?.simulated === 1,
      credentialHint: c && c.status !== 'disconnected' ? c.credential_hint : null,
      credentialStorage: c && c.status !== 'disconnected' ? c.credential_storage : null,
      credentialNote: c && c.status !== 'disconnected' ? storageNote(c.credential_storage, this.core.store.engine) : null,
      connectedAt: c?.connected_at ?? null,
      lastPullAt: c?.last_pull_at ?? null,
      notifyCustomer: (c?.notify_customer ?? 1) === 1,
      backfillDays: c?.backfill_days ?? 7,
      backlog: { pending: Number(backlog?.pending ?? 0), dead: Number(backlog?.dead ?? 0), oldestPendingAt: backlog?.oldest ?? null },
      lastSentAt: backlog?.last_sent ?? null,
      lastError: c?.last_error ?? retrying?.last_error ?? deadRows[0]?.last_error ?? null,
      locations: c ? await this.connections.locations(channelId) : [],
      deadRows: deadRows.map((d) => ({ id: d.id, kind: d.kind, key: d.coalesce_key, error: d.last_error, at: d.sent_at })),
    };
  }
}

function entry(channelId: number, channel: string, pull: PullResult | null, stockQueued: number, d: DrainResult, error: string | null): RunEntry {
  return {
    channelId,
    channel,
    pull: pull ? { pulled: pull.pulled, created: pull.created, updated: pull.updated, cancelled: pull.cancelled, unchanged: pull.unchanged, failed: pull.failed } : null,
    stockQueued,
    sent: { fulfilments: d.fulfilmentsSent, cancels: d.cancelsSent, stock: d.stockSet, stockCalls: d.stockCalls, stockMismatches: d.stockMismatches, retried: d.retried, dead: d.dead },
    error,
  };
}
