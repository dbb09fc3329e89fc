import { sql } from 'kysely';
import { mapInOrder } from '../../util/in-order';
import type { CountDto } from '../../../shared/api/inventory';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import { applyMovement } from './ledger';
import { insertRows } from '../../store/bulk-insert';
import type { Locations } from './locations';

/**
 * Cycle counts: a count sheet (every balance in a zone or bin), blind by default so counters
 * are not anchored by the system figure; a variance review; approved differences are posted
 * as `count` movements relative to the on-hand at posting time.
 */
export class CountService {
  constructor(
    private readonly core: Core,
    private readonly locations: Locations,
  ) {}

  async create(input: { warehouse: string; zone?: string; bin?: string; blind: boolean }, actor: string): Promise<CountDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      const w = await this.locations.warehouse(input.warehouse);
      const bin = input.bin ? await this.locations.bin(w.id, input.bin) : undefined;
      const scope = bin ? `bin ${bin.code}` : input.zone ? `zone ${input.zone}` : 'whole warehouse';
      const id = (await store.get(
        store.kysely.insertInto('cycle_count')
          .values({ warehouse_id: w.id, scope, blind: input.blind ? 1 : 0, status: 'counting', created_at: clock.now().toISOString(), actor })
          .returning('id'),
      ))!.id;
      const balances = await store.all(
        store.kysely.selectFrom('stock_balance as b')
          .innerJoin('bin', 'bin.id', 'b.bin_id')
          .select(['b.product_id', 'b.bin_id', 'b.lot_id', 'b.on_hand'])
          .where('b.warehouse_id', '=', w.id)
          .$if(bin !== undefined, (q) => q.where('b.bin_id', '=', bin!.id))
          .$if(input.zone !== undefined, (q) => q.where('bin.zone', '=', input.zone!))
          .where('b.on_hand', '>', 0)
          .orderBy('bin.pick_sequence').orderBy('bin.code').orderBy('b.id'),
      );
      if (balances.length === 0) throw invalid(`Nothing to count in ${scope}`, { field: input.bin ? 'bin' : 'zone' });
      // A whole warehouse can be thousands of lines: written a few hundred per statement.
      await insertRows(store, 'cycle_count_line', balances.map((b) => ({ count_id: id, product_id: b.product_id, bin_id: b.bin_id, lot_id: b.lot_id, expected: b.on_hand })));
      return await this.get(id);
    });
  }

  async get(id: number, revealExpected = false): Promise<CountDto> {
    const { store } = this.core;
    const c = await store.get(
      store.kysely.selectFrom('cycle_count as c')
        .innerJoin('warehouse as w', 'w.id', 'c.warehouse_id')
        .select(['c.id', 'w.code as warehouse', 'c.scope', 'c.blind', 'c.status', 'c.created_at'])
        .where('c.id', '=', id),
    );
    if (!c) throw notFound(`Cycle count ${id}`);
    const hide = c.blind === 1 && c.status === 'counting' && !revealExpected;
    const lines = await store.all(
      store.kysely.selectFrom('cycle_count_line as l')
        .innerJoin('product as p', 'p.id', 'l.product_id')
        .innerJoin('bin', 'bin.id', 'l.bin_id')
        .leftJoin('lot', 'lot.id', 'l.lot_id')
        .select(['l.id', 'p.sku', 'p.name', 'bin.code as bin', 'lot.code as lot', 'l.expected', 'l.counted', 'l.decision'])
        .where('l.count_id', '=', id)
        .orderBy('l.id'),
    );
    return {
      id: c.id,
      warehouse: c.warehouse,
      scope: c.scope,
      blind: c.blind === 1,
      status: c.status as CountDto['status'],
      createdAt: c.created_at,
      lines: lines.map((l) => ({
        ...l,
        decision: l.decision as 'approve' | 'reject' | null,
        expected: hide ? null : l.expected,
        variance: hide || l.counted === null ? null : l.counted - l.expected,
      })),
    };
  }

  async list(): Promise<CountDto[]> {
    return await mapInOrder(await this.core.store.all(this.core.store.kysely.selectFrom('cycle_count').select('id').orderBy('id', 'desc').limit(100)), async (r) => await this.get(r.id));
  }

  async record(id: number, lines: { lineId: number; counted: number }[]): Promise<CountDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'counting');
      for (const l of lines) {
        const res = await store.run(store.kysely.updateTable('cycle_count_line').set({ counted: l.counted }).where('id', '=', l.lineId).where('count_id', '=', id));
        if (res.changes === 0) throw invalid(`Line ${l.lineId} is not part of count ${id}`, { field: 'lines' });
      }
      return await this.get(id);
    });
  }

  async submit(id: number): Promise<CountDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'counting');
      const missing = (await store.get(
        store.kysely.selectFrom('cycle_count_line').select((eb) => eb.fn.countAll<number>().as('n')).where('count_id', '=', id).where('counted', 'is', null),
      ))!.n;
      if (missing > 0) throw conflict(`${missing} line(s) are not counted yet`);
      await store.run(store.kysely.updateTable('cycle_count').set({ status: 'review' }).where('id', '=', id));
      return await this.get(id);
    });
  }

  async post(id: number, decisions: { lineId: number; approve: boolean }[], actor: string): Promise<CountDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'review');
      const byLine = new Map(decisions.map((d) => [d.lineId, d.approve]));
      const lines = await store.all(store.kysely.selectFrom('cycle_count_line').select(['id', 'product_id', 'bin_id', 'lot_id', 'counted']).where('count_id', '=', id));
      for (const line of lines) {
        const approve = byLine.get(line.id) ?? false;
        await store.run(store.kysely.updateTable('cycle_count_line').set({ decision: approve ? 'approve' : 'reject' }).where('id', '=', line.id));
        if (!approve) continue;
        // Post against on-hand now, not at sheet creation: movements since then must not be undone.
        const balance = await store.get(
          store.kysely.selectFrom('stock_balance').select('on_hand')
            .where('product_id', '=', line.product_id).where('bin_id', '=', line.bin_id).where(sql<number>`coalesce(lot_id, 0)`, '=', line.lot_id ?? 0)
            .$if(store.engine === 'postgres', (q) => q.forUpdate()),
        );
        // Submitted counts have every line counted (submit refuses otherwise).
        const diff = line.counted! - (balance?.on_hand ?? 0);
        if (diff !== 0) {
          await applyMovement(this.core, { kind: 'count', productId: line.product_id, binId: line.bin_id, lotId: line.lot_id, quantity: diff, reason: 'cycle count difference', reference: `count ${id}`, actor });
          this.core.events.publish('stock.changed', { productId: line.product_id });
        }
      }
      await store.run(store.kysely.updateTable('cycle_count').set({ status: 'posted', posted_at: clock.now().toISOString() }).where('id', '=', id));
      return await this.get(id);
    });
  }

  private async requireStatus(id: number, status: CountDto['status']): Promise<void> {
    // Locked (PostgreSQL): two posts of one count wait for each other, and the second sees `posted`.
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('cycle_count').select('status').where('id', '=', id).$if(store.engine === 'postgres', (q) => q.forUpdate()));
    if (!row) throw notFound(`Cycle count ${id}`);
    if (row.status !== status) throw conflict(`Cycle count ${id} is ${row.status}, not ${status}`);
  }
}
