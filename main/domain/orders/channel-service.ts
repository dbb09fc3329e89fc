import { mapInOrder } from '../../util/in-order';
import { randomBytes } from 'node:crypto';
import type { ChannelDto, ChannelKind } from '../../../shared/api/orders';
import { conflict, notFound } from '../../../shared/errors';
import type { ChannelRow } from '../../store/schema';
import type { Core } from '../../core';
import type { Locations } from '../inventory/locations';

/** How long a channel looked up by webhook key is used from memory before it is read again. */
const WEBHOOK_KEY_CACHE_MS = 1000;

interface StoredSecret {
  secret: string;
  addedAt: string;
  retiresAt: string | null;
}

export interface ChannelInput {
  id?: number;
  name: string;
  kind: ChannelKind;
  secret?: string;
  retireOldAfterHours?: number;
  defaultWarehouse?: string | null;
  promiseRules?: Record<string, number>;
  safetyBuffer?: number;
  maxExportQty?: number | null;
  allowSplit?: boolean;
}

/** Sales channels: kind, webhook secrets (with rotation), promise rules and stock-feed limits. */
export class ChannelService {
  private readonly parsedPromiseRules = new Map<string, Record<string, number>>();
  private readonly parsedSecrets = new Map<string, StoredSecret[]>();
  /**
   * Channels by webhook key, for the station server, which looks one up for every delivery (in a
   * flash sale that read cost more than the order's own idempotency check). Emptied whenever this
   * service changes a channel; an entry older than WEBHOOK_KEY_CACHE_MS is read again, so a change
   * made by another process on the same database (the CLI) is seen within a second — and the
   * webhook route reads afresh before refusing a signature (see webhooks.ts).
   */
  private readonly webhookKeyCache = new Map<string, { row: ChannelRow; readAt: number }>();

  constructor(
    private readonly core: Core,
    private readonly locations: Locations,
  ) {}

  async row(id: number): Promise<ChannelRow> {
    const row = (await this.core.store.raw<ChannelRow>('select * from channel where id = ?', id))[0];
    if (!row) throw notFound(`Channel ${id}`);
    return row;
  }

  /** The channel behind a webhook address; `fresh` skips the in-memory copy. */
  async byWebhookKey(key: string, options: { fresh?: boolean } = {}): Promise<ChannelRow | undefined> {
    const cached = this.webhookKeyCache.get(key);
    if (cached && !options.fresh && performance.now() - cached.readAt < WEBHOOK_KEY_CACHE_MS) return cached.row;
    const row = (await this.core.store.raw<ChannelRow>('select * from channel where webhook_key = ?', key))[0];
    if (row) this.webhookKeyCache.set(key, { row, readAt: performance.now() });
    else this.webhookKeyCache.delete(key);
    return row;
  }

  /** The channel used for hand-entered orders; created on first use. */
  async manualChannel(): Promise<ChannelRow> {
    const existing = await this.core.store.get(this.core.store.kysely.selectFrom('channel').selectAll().where('kind', '=', 'manual').orderBy('id').limit(1));
    return existing ?? await this.row((await this.upsert({ name: 'Manual orders', kind: 'manual' })).id);
  }

  /** Secrets that verify a delivery now: every secret not yet retired (rotation window). */
  activeSecrets(channel: ChannelRow): string[] {
    const now = this.core.clock.now().toISOString();
    let secrets = this.parsedSecrets.get(channel.secrets);
    if (!secrets) this.parsedSecrets.set(channel.secrets, (secrets = JSON.parse(channel.secrets) as StoredSecret[]));
    return secrets.filter((s) => !s.retiresAt || s.retiresAt > now).map((s) => s.secret);
  }

  promiseDays(channel: ChannelRow, shippingMethod: string | null): number {
    // Parsed once per distinct rule text: intake asks for every order.
    let rules = this.parsedPromiseRules.get(channel.promise_rules);
    if (!rules) this.parsedPromiseRules.set(channel.promise_rules, (rules = JSON.parse(channel.promise_rules) as Record<string, number>));
    const exact = shippingMethod ? Object.entries(rules).find(([k]) => k.toLowerCase() === shippingMethod.toLowerCase()) : undefined;
    return exact?.[1] ?? rules['*'] ?? 5;
  }

  async list(): Promise<ChannelDto[]> {
    return await mapInOrder(await this.core.store.all(this.core.store.kysely.selectFrom('channel').selectAll().orderBy('id')), async (c) => await this.toDto(c));
  }

  async get(id: number): Promise<ChannelDto> {
    return await this.toDto(await this.row(id));
  }

  async upsert(input: ChannelInput): Promise<ChannelDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      const now = clock.now();
      const existing = input.id ? await this.row(input.id) : await store.get(store.kysely.selectFrom('channel').selectAll().where('name', '=', input.name));
      if (existing && existing.kind !== input.kind) throw conflict(`Channel ${existing.name} is a ${existing.kind} channel; its kind cannot change`);
      let secrets = existing ? (JSON.parse(existing.secrets) as StoredSecret[]) : [];
      if (input.secret) {
        // Rotation: the old secrets keep verifying for the window the owner chose (default: retire now).
        const retiresAt = new Date(now.getTime() + (input.retireOldAfterHours ?? 0) * 3_600_000).toISOString();
        secrets = secrets.filter((s) => s.secret !== input.secret).map((s) => ({ ...s, retiresAt: s.retiresAt && s.retiresAt < retiresAt ? s.retiresAt : retiresAt }));
        secrets.push({ secret: input.secret, addedAt: now.toISOString(), retiresAt: null });
      }
      const warehouseId = input.defaultWarehouse === undefined ? (existing?.default_warehouse_id ?? null) : input.defaultWarehouse === null ? null : (await this.locations.warehouse(input.defaultWarehouse)).id;
      const rules = input.promiseRules ?? (existing ? JSON.parse(existing.promise_rules) : { '*': 5 });
      const values = {
        name: input.name,
        secrets: JSON.stringify(secrets),
        default_warehouse_id: warehouseId,
        promise_rules: JSON.stringify(rules),
        safety_buffer: input.safetyBuffer ?? existing?.safety_buffer ?? 0,
        max_export_qty: input.maxExportQty === undefined ? (existing?.max_export_qty ?? null) : input.maxExportQty,
        allow_split: (input.allowSplit ?? Boolean(existing?.allow_split)) ? 1 : 0,
      };
      let id: number;
      if (existing) {
        id = existing.id;
        await store.run(store.kysely.updateTable('channel').set(values).where('id', '=', id));
      } else {
        const created = await store.get(
          store.kysely.insertInto('channel')
            .values({ ...values, kind: input.kind, webhook_key: randomBytes(12).toString('base64url'), created_at: now.toISOString() })
            .returning('id'),
        );
        id = created!.id;
      }
      this.webhookKeyCache.clear();
      this.core.events.publish('channels.changed', { id });
      return await this.get(id);
    });
  }

  private async toDto(c: ChannelRow): Promise<ChannelDto> {
    const warehouse = c.default_warehouse_id ? (await this.locations.warehouseById(c.default_warehouse_id)).code : null;
    const now = this.core.clock.now().toISOString();
    return {
      id: c.id,
      name: c.name,
      kind: c.kind,
      webhookPath: `/webhooks/${c.kind}/${c.webhook_key}`,
      secrets: (JSON.parse(c.secrets) as StoredSecret[])
        .filter((s) => !s.retiresAt || s.retiresAt > now)
        .map((s) => ({ addedAt: s.addedAt, retiresAt: s.retiresAt, hint: `…${s.secret.slice(-4)}` })),
      defaultWarehouse: warehouse,
      promiseRules: JSON.parse(c.promise_rules) as Record<string, number>,
      safetyBuffer: c.safety_buffer,
      maxExportQty: c.max_export_qty,
      allowSplit: c.allow_split === 1,
    };
  }
}
