import { sql } from 'kysely';
import { mapInOrder } from '../../../util/in-order';
import type { AddressDto } from '../../../../shared/api/orders';
import type { CustomsDocumentKind as CustomsDocumentKindDto, CustomsPreviewDto, CustomsSettingsDto, CustomsSettingsUpdate } from '../../../../shared/api/customs';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { OrderFacts, ShipFrom } from '../service/rating';
import { customsRefusal, declareCustoms, HS_CODE, DEFAULT_CUSTOMS_SETTINGS, type ContentsType, type CustomsCheck, type CustomsDeclaration, type CustomsParty, type CustomsSettings, type Incoterm } from './declaration';
import { documentsFor, renderCustomsPdf, type CustomsDocumentKind } from './documents';
import { readSetting, writeSetting } from '../service/setting-rows';

const SETTING = 'shipping.customs';
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const isCountryCode = (code: string) => /^[A-Z]{2}$/.test(code) && ![code, 'Unknown Region'].includes(REGION_NAMES.of(code) ?? code);

export interface CustomsChoice {
  contentsType?: ContentsType;
  incoterm?: Incoterm;
}

export function senderParty(origin: ShipFrom): CustomsParty {
  return { name: origin.name, lines: [origin.address, [origin.city, origin.region, origin.postalCode].filter(Boolean).join(' ')].filter(Boolean), country: origin.country };
}

export function recipientParty(to: AddressDto): CustomsParty {
  const lines = [to.company, to.line1, to.line2, [to.city, to.regionCode, to.postalCode].filter(Boolean).join(' ')].filter((l): l is string => !!l);
  return { name: to.name, lines, country: to.countryCode };
}

/**
 * Customs: the shop's numbers (EORI / IOSS / UK VAT) and defaults, the declaration of a shipment
 * (checked before anything is bought or printed), and its documents as PDF, kept per shipment.
 */
export class CustomsService {
  constructor(private readonly core: Core) {}

  async settings(): Promise<CustomsSettings> {
    const value = await readSetting(this.core.store, SETTING);
    return value ? { ...DEFAULT_CUSTOMS_SETTINGS, ...(JSON.parse(value) as Partial<CustomsSettings>) } : DEFAULT_CUSTOMS_SETTINGS;
  }

  async settingsDto(): Promise<CustomsSettingsDto> {
    return await this.settings();
  }

  async updateSettings(input: CustomsSettingsUpdate): Promise<CustomsSettingsDto> {
    const next = { ...await this.settings(), ...input };
    if (next.ioss && !/^IM\d{10}$/.test(next.ioss)) throw invalid(`IOSS number "${next.ioss}" is not IM followed by 10 digits`, { field: 'ioss' });
    if (next.eori && !/^[A-Z]{2}[A-Z0-9]{1,15}$/.test(next.eori)) throw invalid(`EORI number "${next.eori}" is not a country code followed by up to 15 letters or digits`, { field: 'eori' });
    if (next.ukVat && !/^GB(\d{9}|\d{12})$/.test(next.ukVat)) throw invalid(`UK VAT number "${next.ukVat}" is not GB followed by 9 or 12 digits`, { field: 'ukVat' });
    await writeSetting(this.core.store, SETTING, JSON.stringify(next));
    this.core.events.publish('shipping.config', {});
    return next;
  }

  /**
   * The declaration for these lines of an order (all that is left to ship when `lines` is
   * absent), or what is missing. Values are what was paid, in the order's currency.
   */
  async check(facts: OrderFacts, explicit: CustomsChoice = {}, lines?: { lineId: number; quantity: number }[]): Promise<CustomsCheck> {
    const settings = await this.settings();
    const choice = this.choiceFor(facts, explicit);
    const { store } = this.core;
    // The customs facts of the order's lines that shipping's OrderFacts do not carry.
    const rows = new Map(
      (await store.all(
        store.kysely
          .selectFrom('order_line as l')
          .leftJoin('product as p', 'p.id', 'l.product_id')
          .select(['l.id', 'l.discount_cents', 'l.quantity', 'l.unit_price_cents', 'p.weight_g', 'p.hs_code', 'p.origin_country', 'p.customs_description'])
          .where('l.order_id', '=', facts.order.id),
      )).map((r) => [r.id, r]),
    );
    const shipped = lines ?? facts.lines.filter((l) => l.quantity > l.shippedQty).map((l) => ({ lineId: l.id, quantity: l.quantity - l.shippedQty }));
    const byId = new Map(facts.lines.map((l) => [l.id, l]));
    return declareCustoms({
      orderNumber: facts.order.number,
      currency: facts.order.currency,
      sender: senderParty(facts.origin),
      recipient: recipientParty(facts.shipTo),
      contentsType: choice.contentsType ?? settings.defaultContentsType,
      incoterm: choice.incoterm ?? settings.defaultIncoterm,
      settings,
      date: this.core.clock.now().toISOString().slice(0, 10),
      lines: shipped.map(({ lineId, quantity }) => {
        const line = byId.get(lineId)!;
        const row = rows.get(lineId)!;
        // The price paid: the line's discount shared over its units (money in integer minor units).
        const paid = row.unit_price_cents * row.quantity - row.discount_cents;
        return {
          sku: line.sku,
          name: line.name,
          quantity,
          valueCents: Math.round((paid * quantity) / row.quantity),
          unitWeightG: row.weight_g ?? 0,
          hsCode: row.hs_code,
          originCountry: row.origin_country,
          customsDescription: row.customs_description,
        };
      }),
    });
  }

  /** check() that throws the refusal naming every product and field: before postage is bought or a label printed. */
  async require(facts: OrderFacts, choice: CustomsChoice = {}, lines?: { lineId: number; quantity: number }[]): Promise<CustomsDeclaration | null> {
    const result = await this.check(facts, choice, lines);
    if (!result.required) return null;
    if (!result.ok) throw conflict(customsRefusal(facts.order.number, result.problems), { field: 'customs', problems: result.problems });
    return result.declaration;
  }

  /** What this shipment declares: the caller's choice, else the order's saved one, else the shop's defaults. */
  private choiceFor(facts: OrderFacts, explicit: CustomsChoice): CustomsChoice {
    const saved = facts.order.customs_choice ? (JSON.parse(facts.order.customs_choice) as CustomsChoice) : {};
    return { contentsType: explicit.contentsType ?? saved.contentsType, incoterm: explicit.incoterm ?? saved.incoterm };
  }

  /** Saves an order's customs choice (contents type, incoterm) for when it ships. */
  async setChoice(orderId: number, choice: CustomsChoice): Promise<void> {
    const { store } = this.core;
    await store.tx(async () => {
      const row = await store.get(store.kysely.selectFrom('sales_order').select('customs_choice').where('id', '=', orderId));
      if (!row) throw notFound(`Order ${orderId}`);
      const saved = row.customs_choice ? (JSON.parse(row.customs_choice) as CustomsChoice) : {};
      const next = { ...saved, ...Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== undefined)) };
      await store.run(store.kysely.updateTable('sales_order').set({ customs_choice: JSON.stringify(next) }).where('id', '=', orderId));
    });
    this.core.events.publish('orders.changed', { id: orderId });
  }

  async preview(facts: OrderFacts, explicit: CustomsChoice = {}): Promise<CustomsPreviewDto> {
    const choice = this.choiceFor(facts, explicit);
    const result = await this.check(facts, choice);
    const settings = await this.settings();
    const { store } = this.core;
    const products = (await store.all(
      store.kysely
        .selectFrom('order_line as l')
        .innerJoin('product as p', 'p.id', 'l.product_id')
        .select(['p.sku', 'p.name', 'p.hs_code', 'p.origin_country', 'p.customs_description'])
        .where('l.order_id', '=', facts.order.id)
        // One row per product, in the order of its first line (grouped: PostgreSQL's DISTINCT cannot order by a column it does not select).
        .groupBy(['p.id', 'p.sku', 'p.name', 'p.hs_code', 'p.origin_country', 'p.customs_description'])
        .orderBy((eb) => eb.fn.min('l.line_no')),
    ))
      .map((p) => ({ sku: p.sku, name: p.name, hsCode: p.hs_code, originCountry: p.origin_country, customsDescription: p.customs_description }));
    const base = { contentsType: choice.contentsType ?? settings.defaultContentsType, incoterm: choice.incoterm ?? settings.defaultIncoterm, currency: facts.order.currency, products };
    if (!result.required) return { ...base, required: false, ok: true, form: null, documents: [], problems: [], items: [], totalValueCents: 0, taxIds: [] };
    if (!result.ok) return { ...base, required: true, ok: false, form: result.form, documents: [], problems: result.problems, items: [], totalValueCents: 0, taxIds: [] };
    const d = result.declaration;
    return { ...base, required: true, ok: true, form: d.form, documents: documentsFor(d), problems: [], items: d.items, totalValueCents: d.totalValueCents, taxIds: d.taxIds.map((t) => ({ type: t.type, number: t.number })) };
  }

  /** A product's customs data, checked like a declaration checks it. */
  async updateProduct(input: { sku: string; hsCode?: string | null; originCountry?: string | null; customsDescription?: string | null }) {
    const { store } = this.core;
    return await store.tx(async () => {
      const product = await store.get(
        store.kysely.selectFrom('product').select(['id', 'sku', 'hs_code', 'origin_country', 'customs_description']).where('sku', '=', sql<string>`${input.sku} collate nocase`),
      );
      if (!product) throw notFound(`Product ${input.sku}`, { field: 'sku' });
      const hsCode = input.hsCode === undefined ? product.hs_code : input.hsCode || null;
      if (hsCode && !HS_CODE.test(hsCode)) throw invalid(`HS code "${hsCode}" is not 6–10 digits (dots allowed: 6109.10)`, { field: 'hsCode' });
      const originCountry = input.originCountry === undefined ? product.origin_country : input.originCountry || null;
      if (originCountry && !isCountryCode(originCountry)) throw invalid(`"${originCountry}" is not a country code`, { field: 'originCountry' });
      const customsDescription = input.customsDescription === undefined ? product.customs_description : input.customsDescription || null;
      await store.run(
        store.kysely
          .updateTable('product')
          .set({ hs_code: hsCode, origin_country: originCountry, customs_description: customsDescription, updated_at: this.core.clock.now().toISOString() })
          .where('id', '=', product.id),
      );
      this.core.events.publish('catalog.changed', { productId: product.id });
      return { sku: product.sku, hsCode, originCountry, customsDescription };
    });
  }

  /** Every document of a declaration, rendered. */
  async render(declaration: CustomsDeclaration): Promise<{ kind: CustomsDocumentKind; bytes: Buffer }[]> {
    const out: { kind: CustomsDocumentKind; bytes: Buffer }[] = [];
    for (const kind of documentsFor(declaration)) out.push({ kind, bytes: await renderCustomsPdf(declaration, kind) });
    return out;
  }

  /** Keeps a shipment's declaration and documents (one transaction), so a reprint is the same paper. */
  async store(shipmentId: number, declaration: CustomsDeclaration, documents: { kind: CustomsDocumentKind; bytes: Buffer }[]): Promise<number[]> {
    const { store } = this.core;
    const at = this.core.clock.now().toISOString();
    return await store.tx(async () => {
      await store.run(store.kysely.updateTable('shipment').set({ customs: JSON.stringify(declaration) }).where('id', '=', shipmentId));
      await store.run(store.kysely.deleteFrom('shipment_document').where('shipment_id', '=', shipmentId));
      return await mapInOrder(documents, async (d) => {
        const row = await store.get(
          store.kysely.insertInto('shipment_document').values({ shipment_id: shipmentId, kind: d.kind, content_type: 'application/pdf', bytes: d.bytes, created_at: at }).returning('id'),
        );
        return row!.id;
      });
    });
  }

  /** A stored document of a shipment. */
  async document(shipmentId: number, kind: CustomsDocumentKindDto): Promise<Buffer> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('shipment_document').select('bytes').where('shipment_id', '=', shipmentId).where('kind', '=', kind));
    if (!row) throw notFound(`Shipment ${shipmentId} has no ${kind.replace('_', ' ')}`, { field: 'kind' });
    return row.bytes;
  }

  /** The documents a shipment went out with, in print order (the CN form, then the invoice). */
  async documents(shipmentId: number): Promise<{ id: number; kind: CustomsDocumentKind; bytes: Buffer }[]> {
    const { store } = this.core;
    return await store.all(store.kysely.selectFrom('shipment_document').select(['id', 'kind', 'bytes']).where('shipment_id', '=', shipmentId).orderBy('id'));
  }
}
