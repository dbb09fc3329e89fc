import { sql } from 'kysely';
import type { BoxDto, CarrierDto, ImportReportDto, RuleDto, RuleInput, ServiceDto } from '../../../../shared/api/shipping';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { ShippingBoxRow, ShippingRuleRow } from '../../../store/schema';
import type { Box } from '../boxes';
import { BUILT_IN_CARRIERS, BUILT_IN_SERVICES, findBuiltInService, serviceKeyOf } from '../catalog';
import type { DeliveryStats } from '../on-time';
import { parseRateCardCsv } from '../rate-card';
import type { ShippingTables } from '../shipping-tables';
import { boxDto, serviceDto, toBox, toShippingRule } from './shipping-config-dtos';
import { inServiceOrder, loadDeliveryStats, loadShippingTables } from './shipping-tables-loader';
import { deleteSetting, readSetting, writeSetting } from './setting-rows';
import { replaceRateCard, replaceZoneChart, upsertBoxRow } from './shipping-table-writes';
import type { ShippingRule } from '../automation-rules';
import type { Carrier, RateCard, ShippingService, ZoneChart } from '../types';
import { parseZoneChartCsv } from '../zone-chart';

const VERSION_KEY = 'shipping.tables_version';
const HISTORY_KEY = 'shipping.history_version';

/** Everything rate shopping needs, compiled once and reused until a table or the history changes. */
export interface CompiledShipping {
  tables: ShippingTables;
  /** Enabled services of enabled carriers, in catalog order. */
  services: ShippingService[];
  servicesByKey: Map<string, ShippingService>;
  stats: DeliveryStats;
}

/**
 * Carriers, services, zone charts, rate cards, boxes, rules and settings in the store, and the
 * compiled tables. Compiling the demo tables takes tens of milliseconds, so it happens once and
 * again only when a version counter in `setting` moves: any process (the CLI importing a rate
 * card while the desktop app runs) bumps it, and every process sees it on its next quote.
 */
export class ShippingConfig {
  private compiled: { version: string; historyVersion: string; value: CompiledShipping } | null = null;
  private seeded = false;

  constructor(private readonly core: Core) {}

  private now(): string {
    return this.core.clock.now().toISOString();
  }

  private async setting(key: string): Promise<string | null> {
    return await readSetting(this.core.store, key);
  }

  private async bump(key: string): Promise<void> {
    const { store } = this.core;
    // One statement, so two processes bumping at once (station servers on one PostgreSQL) both count.
    await store.run(
      store.kysely
        .insertInto('setting')
        .values({ key, value: '1' })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.cast<string>(eb(eb.cast<number>('setting.value', 'integer'), '+', 1), 'text') }))),
    );
    this.core.events.publish('shipping.changed', { key });
  }

  /** Tables changed (services, charts, cards): recompile on next use, in every process. */
  async tablesChanged(): Promise<void> {
    await this.bump(VERSION_KEY);
  }

  /** A delivery was recorded: the on-time record is summarised again on next use. */
  async historyChanged(): Promise<void> {
    await this.bump(HISTORY_KEY);
  }

  /** Built-in carriers and services are written on first use (a migration may not import app code). */
  async ensureBuiltIns(): Promise<void> {
    if (this.seeded) return;
    const { store } = this.core;
    const have = (await store.get(store.kysely.selectFrom('shipping_carrier').select((eb) => eb.fn.countAll<number>().as('n')).where('built_in', '=', 1)))!.n;
    if (have < BUILT_IN_CARRIERS.length) {
      await store.tx(async () => {
        const at = this.now();
        const carriers = BUILT_IN_CARRIERS.map((c) => ({ code: c.code, name: c.name, zone_chart_id: c.zoneChartId, built_in: 1, enabled: 1, created_at: at }));
        await store.run(store.kysely.insertInto('shipping_carrier').values(carriers).onConflict((oc) => oc.column('code').doNothing()));
        const services = BUILT_IN_SERVICES.map((s) => ({ key: serviceKeyOf(s), carrier_code: s.carrierCode, code: s.code, name: s.name, definition: JSON.stringify(s), built_in: 1, enabled: 1, updated_at: at }));
        await store.run(store.kysely.insertInto('shipping_service').values(services).onConflict((oc) => oc.column('key').doNothing()));
        await this.tablesChanged();
      });
    }
    this.seeded = true;
  }

  // ---------- compiled tables ----------

  async current(): Promise<CompiledShipping> {
    await this.ensureBuiltIns();
    const version = await this.setting(VERSION_KEY) ?? '0';
    const historyVersion = await this.setting(HISTORY_KEY) ?? '0';
    if (this.compiled && this.compiled.version === version && this.compiled.historyVersion === historyVersion) return this.compiled.value;
    const tables = this.compiled && this.compiled.version === version ? this.compiled.value : await loadShippingTables(this.core.store);
    const value: CompiledShipping = { ...tables, stats: await loadDeliveryStats(this.core.store, tables.servicesByKey) };
    this.compiled = { version, historyVersion, value };
    return value;
  }

  // ---------- carriers and services ----------

  async carrierDtos(): Promise<CarrierDto[]> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    const chartRows = new Map((await store.all(store.kysely.selectFrom('zone_chart').select(['id', 'row_count']))).map((r) => [r.id, r.row_count]));
    const cardRows = new Map((await store.all(store.kysely.selectFrom('rate_card').select(['service_key', 'row_count']))).map((r) => [r.service_key, r.row_count]));
    const services = inServiceOrder(
      await store.all(store.kysely.selectFrom('shipping_service').select(['key', 'carrier_code', 'code', 'name', 'definition', 'built_in', 'enabled'])),
    );
    return (await store.all(store.kysely.selectFrom('shipping_carrier').selectAll().orderBy('built_in', 'desc').orderBy('code')))
      .map((c) => ({
        code: c.code,
        name: c.name,
        zoneChartId: c.zone_chart_id,
        builtIn: c.built_in === 1,
        enabled: c.enabled === 1,
        zoneChartRows: chartRows.get(c.zone_chart_id) ?? 0,
        services: services.filter((s) => s.carrier_code === c.code).map((s) => serviceDto(s, cardRows.get(s.key) ?? 0)),
      }));
  }

  async carrierDto(code: string): Promise<CarrierDto> {
    const dto = (await this.carrierDtos()).find((c) => c.code === code);
    if (!dto) throw notFound(`Carrier "${code}"`, { carrier: code });
    return dto;
  }

  async upsertCarrier(input: { code: string; name: string; enabled: boolean }): Promise<CarrierDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    await store.run(
      store.kysely
        .insertInto('shipping_carrier')
        .values({ code: input.code, name: input.name, zone_chart_id: input.code, built_in: 0, enabled: input.enabled ? 1 : 0, created_at: this.now() })
        .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), enabled: eb.ref('excluded.enabled') }))),
    );
    await this.tablesChanged();
    return await this.carrierDto(input.code);
  }

  async upsertService(input: {
    carrier: string;
    code: string;
    name?: string;
    template?: string;
    enabled?: boolean;
    transitDaysByZone?: Record<string, number>;
    cutoffLocal?: string;
    maxWeightG?: number;
    publishedOnTimeRate?: number;
    fuelPercentBp?: number;
  }): Promise<ServiceDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    const key = `${input.carrier}:${input.code}`;
    return await store.tx(async () => {
      if (!(await this.carrierExists(input.carrier))) throw notFound(`Carrier "${input.carrier}"`, { field: 'carrier' });
      const existing = await store.get(store.kysely.selectFrom('shipping_service').select(['definition', 'enabled', 'built_in']).where('key', '=', key));
      let base: ShippingService;
      if (existing) base = JSON.parse(existing.definition) as ShippingService;
      else {
        const template = input.template ? (findBuiltInService(input.template.replace('/', ':')) ?? await this.serviceDefinition(input.template.replace('/', ':'))) : undefined;
        if (!template) throw invalid('A new service needs a template service to start from (e.g. "ups:ground")', { field: 'template' });
        base = { ...template, name: input.name ?? input.code };
      }
      const next: ShippingService = {
        ...base,
        carrierCode: input.carrier,
        code: input.code,
        name: input.name ?? base.name,
        transitDaysByZone: input.transitDaysByZone ?? base.transitDaysByZone,
        cutoffLocal: input.cutoffLocal ?? base.cutoffLocal,
        maxWeightG: input.maxWeightG ?? base.maxWeightG,
        publishedOnTimeRate: input.publishedOnTimeRate ?? base.publishedOnTimeRate,
        surcharges:
          input.fuelPercentBp === undefined ? base.surcharges : base.surcharges.map((s) => (s.kind === 'fuel' ? { ...s, percentBp: input.fuelPercentBp! } : s)),
      };
      const enabled = input.enabled ?? (existing ? existing.enabled === 1 : true);
      await store.run(
        store.kysely
          .insertInto('shipping_service')
          .values({ key, carrier_code: input.carrier, code: input.code, name: next.name, definition: JSON.stringify(next), built_in: 0, enabled: enabled ? 1 : 0, updated_at: this.now() })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              definition: eb.ref('excluded.definition'),
              enabled: eb.ref('excluded.enabled'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          ),
      );
      await this.tablesChanged();
      return (await this.carrierDto(input.carrier)).services.find((s) => s.key === key)!;
    });
  }

  private async serviceDefinition(key: string): Promise<ShippingService | undefined> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('shipping_service').select('definition').where('key', '=', key));
    return row ? (JSON.parse(row.definition) as ShippingService) : undefined;
  }

  /** Resolves "ups/ground", "ups:ground" to a service key that exists. */
  async resolveServiceKey(ref: string): Promise<string> {
    await this.ensureBuiltIns();
    const key = ref.replace('/', ':').toLowerCase();
    if (!(await this.serviceDefinition(key))) throw notFound(`Service "${ref}"`, { field: 'service' });
    return key;
  }

  // ---------- zone charts and rate cards ----------

  async importZoneChart(carrierCode: string, csv: string, actor: string, source = 'import'): Promise<ImportReportDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    const carrier = await store.get(store.kysely.selectFrom('shipping_carrier').select('zone_chart_id').where('code', '=', carrierCode));
    if (!carrier) throw notFound(`Carrier "${carrierCode}"`, { field: 'carrier' });
    const parsed = parseZoneChartCsv(carrier.zone_chart_id, csv);
    if (!parsed.ok) return { ok: false, rows: 0, errors: parsed.errors.slice(0, 200) };
    return await this.saveZoneChart(parsed.value, actor, source);
  }

  async saveZoneChart(chart: ZoneChart, actor: string, source: string): Promise<ImportReportDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    await store.tx(async () => {
      await replaceZoneChart(store, chart, { source, importedAt: this.now(), actor });
      await this.tablesChanged();
    });
    return { ok: true, rows: chart.rows.length, errors: [] };
  }

  async importRateCard(carrierCode: string, serviceCode: string, csv: string, currency: string, actor: string, source = 'import'): Promise<ImportReportDto> {
    const key = await this.resolveServiceKey(`${carrierCode}:${serviceCode}`);
    const parsed = parseRateCardCsv(key, csv, currency);
    if (!parsed.ok) return { ok: false, rows: 0, errors: parsed.errors.slice(0, 200) };
    return await this.saveRateCard(parsed.value, actor, source);
  }

  async saveRateCard(card: RateCard, actor: string, _source: string): Promise<ImportReportDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    await store.tx(async () => {
      await replaceRateCard(store, card, { importedAt: this.now(), actor });
      await this.tablesChanged();
    });
    return { ok: true, rows: card.rows.length, errors: [] };
  }

  // ---------- boxes ----------

  async boxRows(activeOnly = false): Promise<ShippingBoxRow[]> {
    const { store } = this.core;
    const all = store.kysely.selectFrom('shipping_box').selectAll();
    // Smallest inner volume first: the order boxes are tried in and listed in.
    const volume = all.orderBy((eb) => eb(eb('inner_length_mm', '*', eb.ref('inner_width_mm')), '*', eb.ref('inner_height_mm'))).orderBy('code');
    return await store.all(activeOnly ? volume.where('active', '=', 1) : volume);
  }

  async boxes(): Promise<Box[]> {
    return (await this.boxRows(true)).map(toBox);
  }

  async boxDtos(): Promise<BoxDto[]> {
    return (await this.boxRows()).map(boxDto);
  }

  async upsertBox(input: Omit<BoxDto, 'id'>): Promise<BoxDto> {
    const row = await upsertBoxRow(this.core.store, input);
    this.core.events.publish('shipping.changed', { box: row.code });
    return boxDto(row);
  }

  async removeBox(code: string): Promise<{ removed: boolean }> {
    const { store } = this.core;
    const n = (await store.run(store.kysely.deleteFrom('shipping_box').where('code', '=', sql<string>`${code} collate nocase`))).changes;
    if (n === 0) throw notFound(`Box "${code}"`);
    return { removed: true };
  }

  // ---------- rules ----------

  async ruleDtos(): Promise<RuleDto[]> {
    const { store } = this.core;
    return (await store.all(store.kysely.selectFrom('shipping_rule').selectAll().orderBy('position').orderBy('id'))).map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled === 1,
      conditions: JSON.parse(r.conditions),
      actions: JSON.parse(r.actions),
      stopAfterMatch: r.stop_after_match === 1,
    }));
  }

  async rules(): Promise<ShippingRule[]> {
    return (await this.ruleDtos()).map(toShippingRule);
  }

  async saveRules(rules: RuleInput[]): Promise<RuleDto[]> {
    const { store } = this.core;
    const known = new Set((await store.all(store.kysely.selectFrom('shipping_service').select('key'))).map((r) => r.key));
    for (const [i, rule] of rules.entries()) {
      for (const action of rule.actions) {
        if ((action.type === 'forceService' || action.type === 'neverUseService') && !known.has(action.serviceKey.replace('/', ':'))) {
          throw invalid(`Rule "${rule.name}": unknown service ${action.serviceKey}`, { field: `rules.${i}.actions` });
        }
      }
    }
    await store.tx(async () => {
      await store.run(store.kysely.deleteFrom('shipping_rule'));
      const at = this.now();
      const rows = rules.map((rule, position) => ({
        position,
        name: rule.name,
        enabled: rule.enabled ? 1 : 0,
        conditions: JSON.stringify(rule.conditions),
        actions: JSON.stringify(rule.actions.map((a) => ('serviceKey' in a ? { ...a, serviceKey: a.serviceKey.replace('/', ':') } : a))),
        stop_after_match: rule.stopAfterMatch ? 1 : 0,
        updated_at: at,
      }));
      // One row at a time, in order: a rule's id follows its position (ties in `order by position, id`).
      for (const row of rows) await store.run(store.kysely.insertInto('shipping_rule').values(row));
    });
    this.core.events.publish('shipping.changed', { rules: rules.length });
    return await this.ruleDtos();
  }

  // ---------- settings ----------

  async settings(): Promise<{ onTimeTarget: number; origin: { postalCode: string; country: string } | null }> {
    const origin = await this.setting('shipping.origin');
    return { onTimeTarget: Number(await this.setting('shipping.on_time_target') ?? '0.95'), origin: origin ? JSON.parse(origin) : null };
  }

  async updateSettings(input: { onTimeTarget?: number; origin?: { postalCode: string; country: string } | null }) {
    const { store } = this.core;
    if (input.onTimeTarget !== undefined) await writeSetting(store, 'shipping.on_time_target', String(input.onTimeTarget));
    if (input.origin !== undefined) {
      if (input.origin === null) await deleteSetting(store, 'shipping.origin');
      else await writeSetting(store, 'shipping.origin', JSON.stringify(input.origin));
    }
    this.core.events.publish('shipping.changed', { settings: true });
    return await this.settings();
  }

  async trackingIdentity(): Promise<{ upsShipper: string; uspsMailerId: string }> {
    return { upsShipper: await this.setting('shipping.ups_shipper') ?? 'A8S1P2', uspsMailerId: await this.setting('shipping.usps_mailer_id') ?? '901234567' };
  }

  async assertCarrierExists(code: string): Promise<void> {
    await this.ensureBuiltIns();
    if (!(await this.carrierExists(code))) throw notFound(`Carrier "${code}"`, { field: 'carrier' });
  }

  private async carrierExists(code: string): Promise<boolean> {
    const { store } = this.core;
    return (await store.get(store.kysely.selectFrom('shipping_carrier').select('code').where('code', '=', code))) !== undefined;
  }

  assertNoConflict(condition: boolean, message: string): void {
    if (!condition) throw conflict(message);
  }
}

