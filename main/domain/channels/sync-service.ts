import { eachInOrder, mapInOrder } from '../../util/in-order';
import type { ChannelLocationDto, ConnectResultDto, FulfilmentSyncDto } from '../../../shared/api/channels-sync';
import { AppError, conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { ChannelRow } from '../../store/schema';
import type { Orders } from '../orders/index';
import { ChannelApiError, type ChannelConnector, type ChannelCredentials, type ChannelLocation } from './connector';
import { checkStoreUrl, createConnector, loopbackStoresAllowed, type ChannelPlatform, type ConnectorFactory } from './connectors';
import { credentialHint, openCredentials, restrictDatabaseFile, sealCredentials, storageNote, type SecretBox } from './credentials';
import { enqueueFulfilment, enqueueFulfilmentCancel, retryNow } from './outbox';
import { ProductMapping } from './product-mapping';
import { queueStockChanges } from './stock-targets';

export interface ConnectInput {
  channel: number;
  url: string;
  token?: string;
  key?: string;
  secret?: string;
  backfillDays?: number;
  notifyCustomer?: boolean;
}

/** Plain words for an error that pauses a channel: what happened and what to do. */
export function pauseMessage(error: ChannelApiError): string {
  if (error.kind === 'scope') return `missing scope ${error.detail.scope ?? ''}`.trim() + ` — ${error.message}; grant it in the store and reconnect`;
  return /reconnect/i.test(error.message) ? error.message : `${error.message} — reconnect`;
}

/**
 * Connections of sales channels to their stores' APIs: connect (credentials checked, sealed at
 * rest, locations read and mapped to warehouses by name), disconnect, product mapping for lines
 * without a SKU, and the outbox hooks the shipping service calls inside its transactions.
 */
export class ChannelConnections {
  private factory: ConnectorFactory = createConnector;
  private readonly connectors = new Map<number, { connector: ChannelConnector; version: string }>();
  /** Loopback http:// stores allowed in this process (the simulators; set by serve --simulate-channels). */
  allowLoopbackStores = loopbackStoresAllowed();

  /** Store products without a SKU (or unknown to our catalog) mapped to ours (product-mapping.ts). */
  readonly products: ProductMapping;

  constructor(
    private readonly core: Core,
    private readonly orders: Orders,
    private readonly secretBox: SecretBox | null,
  ) {
    this.products = new ProductMapping(core, orders, async (channelId) => await this.channel(channelId), async (channelId) => {
      // The store's list only while connected; a paused or disconnected channel shows its held lines alone.
      if ((await this.connection(channelId))?.status !== 'connected') return null;
      const connector = await this.connectorFor(channelId);
      return (page) => connector.listProducts(page);
    });
  }

  /** Replaces how connectors are built (the simulated stores of the demo; tests). */
  useConnectorFactory(factory: ConnectorFactory): void {
    this.factory = factory;
    this.connectors.clear();
  }

  get credentialStorage(): 'safeStorage' | 'database' {
    return this.secretBox ? 'safeStorage' : 'database';
  }

  async channel(channelId: number): Promise<ChannelRow & { kind: ChannelPlatform }> {
    const channel = await this.orders.channels.row(channelId);
    if (channel.kind !== 'shopify' && channel.kind !== 'woocommerce') {
      throw invalid(`Channel ${channel.name} is a ${channel.kind} channel; only Shopify and WooCommerce channels connect to a store`, { field: 'channel' });
    }
    return channel as ChannelRow & { kind: ChannelPlatform };
  }

  async connection(channelId: number) {
    const { store } = this.core;
    return await store.get(store.kysely.selectFrom('channel_connection').selectAll().where('channel_id', '=', channelId));
  }

  /** The connector of a connected channel, built from its stored credentials (cached until they change). */
  async connectorFor(channelId: number): Promise<ChannelConnector> {
    const connection = await this.connection(channelId);
    if (!connection || connection.status === 'disconnected') throw conflict(`Channel ${channelId} is not connected to its store`);
    const version = `${connection.connected_at}|${connection.url}`;
    const cached = this.connectors.get(channelId);
    if (cached && cached.version === version) return cached.connector;
    const credentials = openCredentials(connection.url, connection.credentials, connection.credential_storage, this.secretBox);
    const connector = this.factory(connection.platform, credentials);
    this.connectors.set(channelId, { connector, version });
    return connector;
  }

  /**
   * Connects a channel: the credentials are tried against the store (shop, locations, scopes)
   * before anything is stored; a refusal, an unreachable store or a missing scope is an error
   * naming the field and each missing scope. On success the credentials are sealed (keychain) or
   * kept in the 0600 database, locations are mapped to warehouses by name (editable), the last N
   * days of orders are queued for the next pull, and every stock figure is queued.
   */
  async connect(input: ConnectInput, options: { simulated?: boolean } = {}): Promise<ConnectResultDto> {
    const channel = await this.channel(input.channel);
    const url = checkStoreUrl(input.url, this.allowLoopbackStores || Boolean(options.simulated));
    let credentials: ChannelCredentials;
    if (channel.kind === 'shopify') {
      if (!input.token) throw invalid('A Shopify store needs the Admin API access token of its custom app (--token)', { field: 'token' });
      if (input.key || input.secret) throw invalid('A Shopify store connects with an access token, not a key and secret', { field: 'key' });
      credentials = { url, token: input.token };
    } else {
      if (!input.key) throw invalid('A WooCommerce store needs its REST API consumer key (ck_…, --key)', { field: 'key' });
      if (!input.secret) throw invalid('A WooCommerce store needs its REST API consumer secret (cs_…, --secret)', { field: 'secret' });
      if (input.token) throw invalid('A WooCommerce store connects with a consumer key and secret, not a token', { field: 'token' });
      credentials = { url, key: input.key, secret: input.secret };
    }
    const connector = this.factory(channel.kind, credentials);
    let answer;
    try {
      answer = await connector.connect();
    } catch (error) {
      if (!(error instanceof ChannelApiError)) throw error;
      if (error.kind === 'auth') throw invalid(`The store refused the credentials: ${error.message}`, { field: channel.kind === 'shopify' ? 'token' : 'key' });
      if (error.kind === 'scope') throw invalid(`The credentials lack access scope ${error.detail.scope ?? ''}: ${error.message}`, { field: 'token', missingScopes: [error.detail.scope] });
      throw new AppError('CONFLICT', `Could not reach the store at ${url}: ${error.message}`, { field: 'url' });
    }
    if (answer.missingScopes.length > 0) {
      const list = answer.missingScopes.map((s) => `${s.scope} (needed to ${s.neededFor})`).join('; ');
      throw invalid(`The app's access token lacks ${answer.missingScopes.length === 1 ? 'a scope' : 'scopes'}: ${list}. Add ${answer.missingScopes.length === 1 ? 'it' : 'them'} to the custom app and connect again.`, {
        field: 'token',
        missingScopes: answer.missingScopes,
      });
    }
    const { store, clock } = this.core;
    const at = clock.now().toISOString();
    const sealed = sealCredentials(credentials, this.secretBox);
    const locations = await store.tx(async () => {
      const before = await this.connection(channel.id);
      // Same store again (a new token after a revocation): the pull goes on from its cursor.
      const sameStore = before?.url === url;
      const values = {
        platform: channel.kind,
        url,
        credentials: sealed.sealed,
        credential_storage: sealed.storage,
        credential_hint: credentialHint(credentials),
        shop_name: answer.shop,
        status: 'connected' as const,
        last_error: null,
        simulated: options.simulated ? 1 : 0,
        connected_at: at,
        pull_cursor: sameStore ? before.pull_cursor : null,
        notify_customer: input.notifyCustomer === undefined ? (before?.notify_customer ?? 1) : input.notifyCustomer ? 1 : 0,
        backfill_days: input.backfillDays ?? before?.backfill_days ?? 7,
      };
      await store.run(store.kysely.insertInto('channel_connection').values({ channel_id: channel.id, ...values }).onConflict((oc) => oc.column('channel_id').doUpdateSet(values)));
      // The store may list SKUs it did not before: they are tried again.
      await store.run(store.kysely.deleteFrom('channel_stock_push').where('channel_id', '=', channel.id).where('unknown_sku', '=', 1));
      return await this.replaceLocations(channel, answer.locations);
    });
    if (sealed.storage === 'database') restrictDatabaseFile(store.path, store.engine);
    this.connectors.delete(channel.id);
    await queueStockChanges(this.core, channel.id);
    this.core.events.publish('sync.changed', { channelId: channel.id });
    return { connected: true, channelId: channel.id, shop: answer.shop, locations, credentialNote: storageNote(sealed.storage, store.engine), backfillDays: (await this.connection(channel.id))!.backfill_days };
  }

  /** The store's locations, keeping the owner's choices for known ones and suggesting a warehouse by name for new ones. */
  private async replaceLocations(channel: ChannelRow, locations: ChannelLocation[]): Promise<(ChannelLocationDto & { suggested: boolean })[]> {
    const { store } = this.core;
    const known = new Map((await store.all(store.kysely.selectFrom('channel_location').selectAll().where('channel_id', '=', channel.id))).map((l) => [l.external_id, l]));
    const warehouses = await store.all(store.kysely.selectFrom('warehouse').select(['id', 'code', 'name']).where('active', '=', 1).orderBy('id'));
    await store.run(store.kysely.deleteFrom('channel_location').where('channel_id', '=', channel.id));
    return await mapInOrder(locations, async (l) => {
      const kept = known.get(l.id);
      const warehouseId = kept ? kept.warehouse_id : suggestWarehouse(l, locations.length, warehouses, channel.default_warehouse_id);
      await store.run(store.kysely.insertInto('channel_location').values({ channel_id: channel.id, external_id: l.id, name: l.name, warehouse_id: warehouseId }));
      return { id: l.id, name: l.name, warehouse: warehouses.find((w) => w.id === warehouseId)?.code ?? null, suggested: !kept };
    });
  }

  async disconnect(channelId: number): Promise<void> {
    const { store } = this.core;
    await this.channel(channelId);
    if (!await this.connection(channelId)) throw notFound(`A store connection of channel ${channelId}`);
    // The credentials are wiped; the outbox history stays for the record, but nothing pending is sent.
    await store.tx(async () => {
      await store.run(store.kysely.updateTable('channel_connection').set({ status: 'disconnected', credentials: '{}', credential_hint: '', last_error: null }).where('channel_id', '=', channelId));
      await store.run(store.kysely.updateTable('sync_outbox').set({ state: 'dead', last_error: 'the channel was disconnected' }).where('channel_id', '=', channelId).where('state', '=', 'pending'));
    });
    this.connectors.delete(channelId);
    this.core.events.publish('sync.changed', { channelId });
  }

  async locations(channelId: number): Promise<ChannelLocationDto[]> {
    const { store } = this.core;
    return (await store
      .all(
        store.kysely
          .selectFrom('channel_location as l')
          .leftJoin('warehouse as w', 'w.id', 'l.warehouse_id')
          .select(['l.external_id', 'l.name', 'w.code'])
          .where('l.channel_id', '=', channelId)
          .orderBy('l.name'),
      ))
      .map((l) => ({ id: l.external_id, name: l.name, warehouse: l.code ?? null }));
  }

  async mapLocations(channelId: number, mapping: { id: string; warehouse: string | null }[]): Promise<ChannelLocationDto[]> {
    const { store } = this.core;
    await this.channel(channelId);
    await store.tx(async () => {
      await eachInOrder(mapping, async (m, i) => {
        const warehouseId = m.warehouse === null ? null : (await store.get(store.kysely.selectFrom('warehouse').select('id').where('code', '=', m.warehouse)))?.id;
        if (warehouseId === undefined) throw invalid(`locations[${i}].warehouse: no warehouse "${m.warehouse}"`, { field: `locations[${i}].warehouse` });
        const changed = await store.run(store.kysely.updateTable('channel_location').set({ warehouse_id: warehouseId }).where('channel_id', '=', channelId).where('external_id', '=', m.id));
        if (Number(changed.changes) === 0) throw invalid(`locations[${i}].id: the store has no location "${m.id}"`, { field: `locations[${i}].id` });
      });
    });
    // Each location now shows another warehouse's figures: queue them.
    await queueStockChanges(this.core, channelId);
    return await this.locations(channelId);
  }

  /**
   * Whether the store tells the customer when their order ships. Read when a fulfilment is queued,
   * so it applies to shipments made from now on; one already waiting keeps the value it was queued with.
   */
  async updateSync(channelId: number, notifyCustomer: boolean): Promise<{ channelId: number; notifyCustomer: boolean }> {
    const { store } = this.core;
    await this.channel(channelId);
    const changed = await store.run(store.kysely.updateTable('channel_connection').set({ notify_customer: notifyCustomer ? 1 : 0 }).where('channel_id', '=', channelId));
    if (Number(changed.changes) === 0) throw notFound(`A store connection of channel ${channelId} (connect it first)`);
    this.core.events.publish('sync.changed', { channelId });
    return { channelId, notifyCustomer };
  }

  /** Inside the shipment's own transaction (shipping calls it): the fulfilment is queued for the order's store. */
  readonly shipmentListener = {
    written: async (shipmentId: number) => await enqueueFulfilment(this.core.store, shipmentId, this.core.clock.now().toISOString()),
    voided: async (shipmentId: number) => await enqueueFulfilmentCancel(this.core.store, shipmentId, this.core.clock.now().toISOString()),
  };

  async fulfilmentsOf(orderId: number): Promise<FulfilmentSyncDto[]> {
    const { store } = this.core;
    const rows = await store.all(
      store.kysely
        .selectFrom('channel_fulfilment as f')
        .innerJoin('shipment as s', 's.id', 'f.shipment_id')
        .innerJoin('channel as c', 'c.id', 'f.channel_id')
        .innerJoin('channel_connection as cc', 'cc.channel_id', 'f.channel_id')
        .select(['f.shipment_id', 'f.state', 'f.sent_at', 'f.error', 'c.name', 'cc.platform'])
        .where('s.order_id', '=', orderId)
        .orderBy('f.shipment_id'),
    );
    return await mapInOrder(rows, async (r) => {
      // While it waits, the reason is the outbox row's last error (a retry in progress).
      const waiting = r.state === 'pending' || r.state === 'cancel_pending'
        ? await store.get(store.kysely.selectFrom('sync_outbox').select('last_error').where('coalesce_key', 'in', [`fulfilment:${r.shipment_id}`, `fulfilment_cancel:${r.shipment_id}`]).where('state', '=', 'pending').orderBy('id', 'desc'))
        : undefined;
      return { shipmentId: r.shipment_id, channel: r.name, platform: r.platform, state: r.state, sentAt: r.sent_at, error: r.error ?? waiting?.last_error ?? null };
    });
  }

  /** "Retry now": a paused channel is resumed (the next pass finds out whether the cause is fixed) and every waiting change is due. */
  async retry(channelId: number): Promise<number> {
    const { store, clock } = this.core;
    await this.channel(channelId);
    await store.run(store.kysely.updateTable('channel_connection').set({ status: 'connected', last_error: null }).where('channel_id', '=', channelId).where('status', '=', 'needs_attention'));
    const n = await retryNow(store, channelId, clock.now().toISOString());
    this.core.events.publish('sync.changed', { channelId });
    return n;
  }

  /** The store refused the credentials or lacks a scope: the channel pauses until reconnected, and says why. */
  async pause(channelId: number, error: ChannelApiError): Promise<void> {
    const { store } = this.core;
    await store.run(store.kysely.updateTable('channel_connection').set({ status: 'needs_attention', last_error: pauseMessage(error) }).where('channel_id', '=', channelId));
    this.core.events.publish('sync.changed', { channelId });
  }
}

/** A warehouse for a store location: the one whose name or code matches it; a store with one location, the channel's default (or the only) warehouse. */
function suggestWarehouse(location: ChannelLocation, count: number, warehouses: { id: number; code: string; name: string }[], defaultId: number | null): number | null {
  const name = location.name.trim().toLowerCase();
  const match = warehouses.find((w) => w.name.toLowerCase() === name || w.code.toLowerCase() === name) ?? warehouses.find((w) => name.includes(w.name.toLowerCase()) || w.name.toLowerCase().includes(name));
  if (match) return match.id;
  if (count === 1) return defaultId ?? (warehouses.length === 1 ? warehouses[0].id : (warehouses[0]?.id ?? null));
  return null;
}
