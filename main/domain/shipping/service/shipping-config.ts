import { eachInOrder } from '../../../util/in-order';
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
    return (await this.core.store.raw<{ value: string }>('select value from setting where key = ?', key))[0]?.value ?? null;
  }

  private async putSetting(key: string, value: string): Promise<void> {
    await this.core.store.raw('insert into setting (key, value) values (?, ?) on conflict(key) do update set value = excluded.value', key, value);
  }

  private async bump(key: string): Promise<void> {
    // One statement, so two processes bumping at once (station servers on one PostgreSQL) both count.
    await this.core.store.raw("insert into setting (key, value) values (?, '1') on conflict(key) do update set value = cast(cast(setting.value as integer) + 1 as text)", key);
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
    const have = (await store.raw<{ n: number }>('select count(*) as n from shipping_carrier where built_in = 1'))[0].n;
    if (have < BUILT_IN_CARRIERS.length) {
      await store.tx(async () => {
        const at = this.now();
        for (const c of BUILT_IN_CARRIERS) {
          await store.raw('insert into shipping_carrier (code, name, zone_chart_id, built_in, enabled, created_at) values (?,?,?,1,1,?) on conflict(code) do nothing', c.code, c.name, c.zoneChartId, at);
        }
        for (const s of BUILT_IN_SERVICES) {
          await store.raw(
            'insert into shipping_service (key, carrier_code, code, name, definition, built_in, enabled, updated_at) values (?,?,?,?,?,1,1,?) on conflict(key) do nothing',
            serviceKeyOf(s),
            s.carrierCode,
            s.code,
            s.name,
            JSON.stringify(s),
            at,
          );
        }
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
    const chartRows = new Map((await store.raw<{ id: string; row_count: number }>('select id, row_count from zone_chart')).map((r) => [r.id, r.row_count]));
    const cardRows = new Map((await store.raw<{ service_key: string; row_count: number }>('select service_key, row_count from rate_card')).map((r) => [r.service_key, r.row_count]));
    const services = inServiceOrder(await store.raw<{ key: string; carrier_code: string; code: string; name: string; definition: string; built_in: number; enabled: number }>(
      'select key, carrier_code, code, name, definition, built_in, enabled from shipping_service',
    ));
    return (await store
      .raw<{ code: string; name: string; zone_chart_id: string; built_in: number; enabled: number }>('select * from shipping_carrier order by built_in desc, code'))
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
    await this.core.store.raw(
      `insert into shipping_carrier (code, name, zone_chart_id, built_in, enabled, created_at) values (?,?,?,0,?,?)
       on conflict(code) do update set name = excluded.name, enabled = excluded.enabled`,
      input.code,
      input.name,
      input.code,
      input.enabled ? 1 : 0,
      this.now(),
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
      if (!(await store.raw('select 1 from shipping_carrier where code = ?', input.carrier)).length) throw notFound(`Carrier "${input.carrier}"`, { field: 'carrier' });
      const existing = (await store.raw<{ definition: string; enabled: number; built_in: number }>('select definition, enabled, built_in from shipping_service where key = ?', key))[0];
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
      await store.raw(
        `insert into shipping_service (key, carrier_code, code, name, definition, built_in, enabled, updated_at) values (?,?,?,?,?,0,?,?)
         on conflict(key) do update set name = excluded.name, definition = excluded.definition, enabled = excluded.enabled, updated_at = excluded.updated_at`,
        key,
        input.carrier,
        input.code,
        next.name,
        JSON.stringify(next),
        enabled ? 1 : 0,
        this.now(),
      );
      await this.tablesChanged();
      return (await this.carrierDto(input.carrier)).services.find((s) => s.key === key)!;
    });
  }

  private async serviceDefinition(key: string): Promise<ShippingService | undefined> {
    const row = (await this.core.store.raw<{ definition: string }>('select definition from shipping_service where key = ?', key))[0];
    return row ? (JSON.parse(row.definition) as ShippingService) : undefined;
  }

  /** Resolves "ups/ground", "ups:ground" to a service key that exists. */
  async resolveServiceKey(ref: string): Promise<string> {
    await this.ensureBuiltIns();
    const key = ref.replace('/', ':').toLowerCase();
    if (!(await this.core.store.raw('select 1 from shipping_service where key = ?', key)).length) throw notFound(`Service "${ref}"`, { field: 'service' });
    return key;
  }

  // ---------- zone charts and rate cards ----------

  async importZoneChart(carrierCode: string, csv: string, actor: string, source = 'import'): Promise<ImportReportDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    const carrier = (await store.raw<{ zone_chart_id: string }>('select zone_chart_id from shipping_carrier where code = ?', carrierCode))[0];
    if (!carrier) throw notFound(`Carrier "${carrierCode}"`, { field: 'carrier' });
    const parsed = parseZoneChartCsv(carrier.zone_chart_id, csv);
    if (!parsed.ok) return { ok: false, rows: 0, errors: parsed.errors.slice(0, 200) };
    return await this.saveZoneChart(parsed.value, actor, source);
  }

  async saveZoneChart(chart: ZoneChart, actor: string, source: string): Promise<ImportReportDto> {
    await this.ensureBuiltIns();
    const { store } = this.core;
    await store.tx(async () => {
      // The chart is replaced as a whole: a chart is one published document, not a merge.
      await store.raw('delete from zone_chart_row where chart_id = ?', chart.id);
      await store.raw(
        `insert into zone_chart (id, source, row_count, imported_at, actor) values (?,?,?,?,?)
         on conflict(id) do update set source = excluded.source, row_count = excluded.row_count, imported_at = excluded.imported_at, actor = excluded.actor`,
        chart.id,
        source,
        chart.rows.length,
        this.now(),
        actor,
      );
      const insert = store.statement('insert into zone_chart_row (chart_id, origin_prefix, dest_prefix, zone) values (?,?,?,?)');
      for (const r of chart.rows) await await insert.run(chart.id, r.originPrefix, r.destPrefix, r.zone);
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
      await store.raw('delete from rate_card_row where service_key = ?', card.serviceKey);
      await store.raw(
        `insert into rate_card (service_key, currency, row_count, imported_at, actor) values (?,?,?,?,?)
         on conflict(service_key) do update set currency = excluded.currency, row_count = excluded.row_count, imported_at = excluded.imported_at, actor = excluded.actor`,
        card.serviceKey,
        card.currency,
        card.rows.length,
        this.now(),
        actor,
      );
      const insert = store.statement('insert into rate_card_row (service_key, zone, max_weight_g, price_cents) values (?,?,?,?)');
      for (const r of card.rows) await await insert.run(card.serviceKey, r.zone, r.maxWeightG, r.priceCents);
      await this.tablesChanged();
    });
    return { ok: true, rows: card.rows.length, errors: [] };
  }

  // ---------- boxes ----------

  async boxRows(activeOnly = false): Promise<ShippingBoxRow[]> {
    return await this.core.store.raw<ShippingBoxRow>(`select * from shipping_box ${activeOnly ? 'where active = 1' : ''} order by inner_length_mm * inner_width_mm * inner_height_mm, code`);
  }

  async boxes(): Promise<Box[]> {
    return (await this.boxRows(true)).map(toBox);
  }

  async boxDtos(): Promise<BoxDto[]> {
    return (await this.boxRows()).map(boxDto);
  }

  async upsertBox(input: Omit<BoxDto, 'id'>): Promise<BoxDto> {
    const row = (await this.core.store.raw<ShippingBoxRow>(
      `insert into shipping_box (code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g, cost_cents, active) values (?,?,?,?,?,?,?,?)
       on conflict(code) do update set name = excluded.name, inner_length_mm = excluded.inner_length_mm, inner_width_mm = excluded.inner_width_mm,
         inner_height_mm = excluded.inner_height_mm, tare_g = excluded.tare_g, cost_cents = excluded.cost_cents, active = excluded.active
       returning *`,
      input.code,
      input.name,
      input.innerLengthMm,
      input.innerWidthMm,
      input.innerHeightMm,
      input.tareG,
      input.costCents,
      input.active ? 1 : 0,
    ))[0];
    this.core.events.publish('shipping.changed', { box: row.code });
    return boxDto(row);
  }

  async removeBox(code: string): Promise<{ removed: boolean }> {
    const n = await this.core.store.update('delete from shipping_box where code = ? collate nocase', code);
    if (n === 0) throw notFound(`Box "${code}"`);
    return { removed: true };
  }

  // ---------- rules ----------

  async ruleDtos(): Promise<RuleDto[]> {
    return (await this.core.store.raw<ShippingRuleRow>('select * from shipping_rule order by position, id')).map((r) => ({
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
    const known = new Set((await this.core.store.raw<{ key: string }>('select key from shipping_service')).map((r) => r.key));
    for (const [i, rule] of rules.entries()) {
      for (const action of rule.actions) {
        if ((action.type === 'forceService' || action.type === 'neverUseService') && !known.has(action.serviceKey.replace('/', ':'))) {
          throw invalid(`Rule "${rule.name}": unknown service ${action.serviceKey}`, { field: `rules.${i}.actions` });
        }
      }
    }
    await store.tx(async () => {
      await store.raw('delete from shipping_rule');
      const at = this.now();
      await eachInOrder(rules, async (rule, position) => {
        const actions = rule.actions.map((a) => ('serviceKey' in a ? { ...a, serviceKey: a.serviceKey.replace('/', ':') } : a));
        await store.raw(
          'insert into shipping_rule (position, name, enabled, conditions, actions, stop_after_match, updated_at) values (?,?,?,?,?,?,?)',
          position,
          rule.name,
          rule.enabled ? 1 : 0,
          JSON.stringify(rule.conditions),
          JSON.stringify(actions),
          rule.stopAfterMatch ? 1 : 0,
          at,
        );
      });
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
    if (input.onTimeTarget !== undefined) await this.putSetting('shipping.on_time_target', String(input.onTimeTarget));
    if (input.origin !== undefined) {
      if (input.origin === null) await this.core.store.raw("delete from setting where key = 'shipping.origin'");
      else await this.putSetting('shipping.origin', JSON.stringify(input.origin));
    }
    this.core.events.publish('shipping.changed', { settings: true });
    return await this.settings();
  }

  async trackingIdentity(): Promise<{ upsShipper: string; uspsMailerId: string }> {
    return { upsShipper: await this.setting('shipping.ups_shipper') ?? 'A8S1P2', uspsMailerId: await this.setting('shipping.usps_mailer_id') ?? '901234567' };
  }

  async assertCarrierExists(code: string): Promise<void> {
    await this.ensureBuiltIns();
    if (!(await this.core.store.raw('select 1 from shipping_carrier where code = ?', code)).length) throw notFound(`Carrier "${code}"`, { field: 'carrier' });
  }

  assertNoConflict(condition: boolean, message: string): void {
    if (!condition) throw conflict(message);
  }
}
