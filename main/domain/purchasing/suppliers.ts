import { sql } from 'kysely';
import { invalid, notFound } from '../../../shared/errors';
import type { SupplierDto, SupplierItemDto } from '../../../shared/api/purchasing';
import type { Core } from '../../core';
import type { SupplierRow } from './rows';
import { observedLeadTimes } from './open-purchases';

export interface SupplierInput {
  name: string;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  currency?: string;
  paymentTermsDays?: number;
  leadTimeDays?: number;
  orderMinimumCents?: number;
  notes?: string;
  active?: boolean;
}

export interface SupplierItemInput {
  supplierId: number;
  productId: number;
  supplierSku?: string | null;
  unitCostCents: number;
  casePack?: number;
  moq?: number;
  leadTimeDays?: number | null;
  /** Replaces the item's price breaks when given. */
  priceBreaks?: { minQty: number; unitCostCents: number }[];
  /** Makes this supplier the product's preferred one. */
  preferred?: boolean;
}

/** A supplier as the API shows it (the contract's DTO). */
export type SupplierView = SupplierDto;

/** A supplier item as the API shows it (the contract's DTO). */
export type SupplierItemView = SupplierItemDto;

const CURRENCY = /^[A-Z]{3}$/;

/** Suppliers, what they sell us (supplier items with price breaks) and each product's preferred one. */
export class SupplierService {
  constructor(private readonly core: Core) {}

  private validate(input: Partial<SupplierInput>): void {
    if (input.name !== undefined && !input.name.trim()) throw invalid('Supplier name is required', { field: 'name' });
    if (input.currency !== undefined && !CURRENCY.test(input.currency)) throw invalid(`currency: "${input.currency}" is not a three-letter ISO code such as USD`, { field: 'currency' });
    for (const f of ['paymentTermsDays', 'leadTimeDays', 'orderMinimumCents'] as const) {
      const v = input[f];
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw invalid(`${f}: must be a whole number ≥ 0, got ${v}`, { field: f });
    }
  }

  async create(input: SupplierInput): Promise<{ id: number }> {
    this.validate(input);
    const { store, clock } = this.core;
    const name = input.name.trim();
    return await store.tx(async () => {
      if (await this.nameTaken(name)) throw invalid(`name: a supplier called "${name}" already exists`, { field: 'name' });
      const now = clock.now().toISOString();
      const { id } = (await store.get(
        store.kysely
          .insertInto('supplier')
          .values({
            name,
            contact_name: input.contactName ?? null,
            email: input.email ?? null,
            phone: input.phone ?? null,
            currency: input.currency ?? 'USD',
            payment_terms_days: input.paymentTermsDays ?? 30,
            lead_time_days: input.leadTimeDays ?? 7,
            order_minimum_cents: input.orderMinimumCents ?? 0,
            notes: input.notes ?? '',
            active: input.active === false ? 0 : 1,
            created_at: now,
            updated_at: now,
          })
          .returning('id'),
      ))!;
      return { id };
    });
  }

  /** Supplier names are unique regardless of case ("Acme" and "ACME" are one supplier). */
  private async nameTaken(name: string, exceptId?: number): Promise<boolean> {
    const { store } = this.core;
    let q = store.kysely.selectFrom('supplier').select('id').where(sql<boolean>`name = ${name} collate nocase`);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await store.get(q)) !== undefined;
  }

  async update(id: number, input: Partial<SupplierInput>): Promise<void> {
    this.validate(input);
    const { store, clock } = this.core;
    await store.tx(async () => {
      await this.row(id);
      const set: Record<string, unknown> = {};
      if (input.name !== undefined) {
        set.name = input.name.trim();
        if (await this.nameTaken(set.name as string, id)) throw invalid(`name: a supplier called "${set.name}" already exists`, { field: 'name' });
      }
      if (input.contactName !== undefined) set.contact_name = input.contactName;
      if (input.email !== undefined) set.email = input.email;
      if (input.phone !== undefined) set.phone = input.phone;
      if (input.currency !== undefined) set.currency = input.currency;
      if (input.paymentTermsDays !== undefined) set.payment_terms_days = input.paymentTermsDays;
      if (input.leadTimeDays !== undefined) set.lead_time_days = input.leadTimeDays;
      if (input.orderMinimumCents !== undefined) set.order_minimum_cents = input.orderMinimumCents;
      if (input.notes !== undefined) set.notes = input.notes;
      if (input.active !== undefined) set.active = input.active ? 1 : 0;
      set.updated_at = clock.now().toISOString();
      await store.run(store.kysely.updateTable('supplier').set(set).where('id', '=', id));
    });
  }

  async row(id: number): Promise<SupplierRow> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('supplier').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Supplier ${id}`);
    return row;
  }

  async list(opts: { includeInactive?: boolean } = {}): Promise<SupplierView[]> {
    const { store } = this.core;
    const observed = await observedLeadTimes(this.core);
    let q = store.kysely
      .selectFrom('supplier as s')
      .selectAll('s')
      .select((eb) => eb.selectFrom('supplier_item as si').select((e) => e.fn.countAll<number>().as('n')).whereRef('si.supplier_id', '=', 's.id').where('si.active', '=', 1).as('item_count'))
      .orderBy('s.name');
    if (!opts.includeInactive) q = q.where('s.active', '=', 1);
    return (await store.all(q)).map((s) => ({
      id: s.id,
      name: s.name,
      contactName: s.contact_name,
      email: s.email,
      phone: s.phone,
      currency: s.currency,
      paymentTermsDays: s.payment_terms_days,
      leadTimeDays: s.lead_time_days,
      observedLeadTime: observed.get(s.id) ?? null,
      orderMinimumCents: s.order_minimum_cents,
      notes: s.notes,
      active: s.active === 1,
      itemCount: Number(s.item_count ?? 0),
    }));
  }

  async get(id: number): Promise<SupplierView> {
    const found = (await this.list({ includeInactive: true })).find((s) => s.id === id);
    if (!found) throw notFound(`Supplier ${id}`);
    return found;
  }

  /** Adds or replaces what a supplier charges for a product (one item per supplier and product). */
  async upsertItem(input: SupplierItemInput): Promise<{ id: number }> {
    const { store } = this.core;
    if (!Number.isInteger(input.unitCostCents) || input.unitCostCents < 0) throw invalid(`cost: must be ≥ 0, got ${input.unitCostCents}`, { field: 'cost' });
    if (input.casePack !== undefined && (!Number.isInteger(input.casePack) || input.casePack < 1)) throw invalid(`case pack: must be a whole number ≥ 1, got ${input.casePack}`, { field: 'casePack' });
    if (input.moq !== undefined && (!Number.isInteger(input.moq) || input.moq < 0)) throw invalid(`moq: must be a whole number ≥ 0, got ${input.moq}`, { field: 'moq' });
    if (input.leadTimeDays != null && (!Number.isInteger(input.leadTimeDays) || input.leadTimeDays < 0)) throw invalid(`lead time: must be a whole number of days ≥ 0`, { field: 'leadTimeDays' });
    const breaks = [...(input.priceBreaks ?? [])].sort((a, b) => a.minQty - b.minQty);
    breaks.forEach((b, i) => {
      if (!Number.isInteger(b.minQty) || b.minQty < 1) throw invalid(`break ${i + 1}: quantity must be a whole number ≥ 1, got ${b.minQty}`, { field: 'priceBreaks' });
      if (!Number.isInteger(b.unitCostCents) || b.unitCostCents < 0) throw invalid(`break ${i + 1}: price must be ≥ 0`, { field: 'priceBreaks' });
      if (i > 0 && breaks[i - 1].minQty === b.minQty) throw invalid(`break ${i + 1}: two breaks from ${b.minQty} units`, { field: 'priceBreaks' });
    });
    return await store.tx(async () => {
      await this.row(input.supplierId);
      if (!(await store.get(store.kysely.selectFrom('product').select('id').where('id', '=', input.productId)))) throw notFound(`Product ${input.productId}`);
      const existing = await store.get(
        store.kysely.selectFrom('supplier_item').select(['id', 'supplier_sku', 'case_pack', 'moq', 'lead_time_days']).where('supplier_id', '=', input.supplierId).where('product_id', '=', input.productId),
      );
      let id: number;
      if (existing) {
        id = existing.id;
        // What the input leaves out keeps its current value.
        await store.run(
          store.kysely
            .updateTable('supplier_item')
            .set({
              supplier_sku: input.supplierSku ?? existing.supplier_sku,
              unit_cost_cents: input.unitCostCents,
              case_pack: input.casePack ?? existing.case_pack,
              moq: input.moq ?? existing.moq,
              lead_time_days: input.leadTimeDays === undefined ? existing.lead_time_days : input.leadTimeDays,
              active: 1,
            })
            .where('id', '=', id),
        );
      } else {
        id = (await store.get(
          store.kysely
            .insertInto('supplier_item')
            .values({
              supplier_id: input.supplierId,
              product_id: input.productId,
              supplier_sku: input.supplierSku ?? null,
              unit_cost_cents: input.unitCostCents,
              case_pack: input.casePack ?? 1,
              moq: input.moq ?? 0,
              lead_time_days: input.leadTimeDays ?? null,
              active: 1,
            })
            .returning('id'),
        ))!.id;
      }
      if (input.priceBreaks) {
        await store.run(store.kysely.deleteFrom('supplier_price_break').where('supplier_item_id', '=', id));
        if (breaks.length) {
          await store.run(store.kysely.insertInto('supplier_price_break').values(breaks.map((b) => ({ supplier_item_id: id, min_qty: b.minQty, unit_cost_cents: b.unitCostCents }))));
        }
      }
      if (input.preferred) await this.setPreferred(input.productId, input.supplierId);
      return { id };
    });
  }

  async removeItem(id: number): Promise<void> {
    const { store } = this.core;
    await store.run(store.kysely.updateTable('supplier_item').set({ active: 0 }).where('id', '=', id));
  }

  async setPreferred(productId: number, supplierId: number | null): Promise<void> {
    const { store, clock } = this.core;
    await store.run(store.kysely.updateTable('product').set({ preferred_supplier_id: supplierId, updated_at: clock.now().toISOString() }).where('id', '=', productId));
  }

  async items(opts: { supplierId?: number; productId?: number }): Promise<SupplierItemView[]> {
    const { store } = this.core;
    let q = store.kysely
      .selectFrom('supplier_item as si')
      .innerJoin('product as p', 'p.id', 'si.product_id')
      .select(['si.id', 'si.supplier_id', 'si.product_id', 'p.sku', 'p.name', 'si.supplier_sku', 'si.unit_cost_cents', 'si.case_pack', 'si.moq', 'si.lead_time_days', 'p.preferred_supplier_id'])
      .where('si.active', '=', 1)
      .orderBy('p.sku');
    if (opts.supplierId != null) q = q.where('si.supplier_id', '=', opts.supplierId);
    if (opts.productId != null) q = q.where('si.product_id', '=', opts.productId);
    const rows = await store.all(q);
    const breaks = new Map<number, { minQty: number; unitCostCents: number }[]>();
    if (rows.length) {
      for (const b of await store.all(store.kysely.selectFrom('supplier_price_break').selectAll().where('supplier_item_id', 'in', rows.map((r) => r.id)).orderBy('min_qty'))) {
        const list = breaks.get(b.supplier_item_id) ?? [];
        list.push({ minQty: b.min_qty, unitCostCents: b.unit_cost_cents });
        breaks.set(b.supplier_item_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      supplierId: r.supplier_id,
      productId: r.product_id,
      sku: r.sku,
      productName: r.name,
      supplierSku: r.supplier_sku,
      unitCostCents: r.unit_cost_cents,
      casePack: r.case_pack,
      moq: r.moq,
      leadTimeDays: r.lead_time_days,
      priceBreaks: breaks.get(r.id) ?? [],
      preferred: r.preferred_supplier_id === r.supplier_id,
    }));
  }
}
