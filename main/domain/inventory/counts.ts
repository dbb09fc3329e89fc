import { mapInOrder } from '../../util/in-order';
import type { CountDto } from '../../../shared/api/inventory';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import { applyMovement, forUpdate } from './ledger';
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
      const id = (await store.raw<{ id: number }>(
        "insert into cycle_count (warehouse_id, scope, blind, status, created_at, actor) values (?,?,?,'counting',?,?) returning id",
        w.id,
        scope,
        input.blind ? 1 : 0,
        clock.now().toISOString(),
        actor,
      ))[0].id;
      const balances = await store.raw<{ product_id: number; bin_id: number; lot_id: number | null; on_hand: number }>(
        `select b.product_id, b.bin_id, b.lot_id, b.on_hand from stock_balance b join bin on bin.id = b.bin_id
         where b.warehouse_id = ? and (cast(? as bigint) is null or b.bin_id = ?) and (cast(? as text) is null or bin.zone = ?) and b.on_hand > 0
         order by bin.pick_sequence, bin.code, b.id`,
        w.id,
        bin?.id ?? null,
        bin?.id ?? null,
        input.zone ?? null,
        input.zone ?? null,
      );
      if (balances.length === 0) throw invalid(`Nothing to count in ${scope}`, { field: input.bin ? 'bin' : 'zone' });
      for (const b of balances) {
        await store.raw('insert into cycle_count_line (count_id, product_id, bin_id, lot_id, expected) values (?,?,?,?,?)', id, b.product_id, b.bin_id, b.lot_id, b.on_hand);
      }
      return await this.get(id);
    });
  }

  async get(id: number, revealExpected = false): Promise<CountDto> {
    const { store } = this.core;
    const c = (await store.raw<{ id: number; warehouse: string; scope: string; blind: number; status: CountDto['status']; created_at: string }>(
      'select c.id, w.code as warehouse, c.scope, c.blind, c.status, c.created_at from cycle_count c join warehouse w on w.id = c.warehouse_id where c.id = ?',
      id,
    ))[0];
    if (!c) throw notFound(`Cycle count ${id}`);
    const hide = c.blind === 1 && c.status === 'counting' && !revealExpected;
    const lines = await store.raw<{ id: number; sku: string; name: string; bin: string; lot: string | null; expected: number; counted: number | null; decision: 'approve' | 'reject' | null }>(
      `select l.id, p.sku, p.name, bin.code as bin, lot.code as lot, l.expected, l.counted, l.decision from cycle_count_line l
       join product p on p.id = l.product_id join bin on bin.id = l.bin_id left join lot on lot.id = l.lot_id where l.count_id = ? order by l.id`,
      id,
    );
    return {
      id: c.id,
      warehouse: c.warehouse,
      scope: c.scope,
      blind: c.blind === 1,
      status: c.status,
      createdAt: c.created_at,
      lines: lines.map((l) => ({
        ...l,
        expected: hide ? null : l.expected,
        variance: hide || l.counted === null ? null : l.counted - l.expected,
      })),
    };
  }

  async list(): Promise<CountDto[]> {
    return await mapInOrder((await this.core.store.raw<{ id: number }>('select id from cycle_count order by id desc limit 100')), async (r) => await this.get(r.id));
  }

  async record(id: number, lines: { lineId: number; counted: number }[]): Promise<CountDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'counting');
      for (const l of lines) {
        const res = await store.raw<{ id: number }>('update cycle_count_line set counted = ? where id = ? and count_id = ? returning id', l.counted, l.lineId, id);
        if (res.length === 0) throw invalid(`Line ${l.lineId} is not part of count ${id}`, { field: 'lines' });
      }
      return await this.get(id);
    });
  }

  async submit(id: number): Promise<CountDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'counting');
      const missing = (await store.raw<{ n: number }>('select count(*) as n from cycle_count_line where count_id = ? and counted is null', id))[0].n;
      if (missing > 0) throw conflict(`${missing} line(s) are not counted yet`);
      await store.raw("update cycle_count set status = 'review' where id = ?", id);
      return await this.get(id);
    });
  }

  async post(id: number, decisions: { lineId: number; approve: boolean }[], actor: string): Promise<CountDto> {
    const { store, clock } = this.core;
    return await store.tx(async () => {
      await this.requireStatus(id, 'review');
      const byLine = new Map(decisions.map((d) => [d.lineId, d.approve]));
      const lines = await store.raw<{ id: number; product_id: number; bin_id: number; lot_id: number | null; counted: number }>(
        'select id, product_id, bin_id, lot_id, counted from cycle_count_line where count_id = ?',
        id,
      );
      for (const line of lines) {
        const approve = byLine.get(line.id) ?? false;
        await store.raw('update cycle_count_line set decision = ? where id = ?', approve ? 'approve' : 'reject', line.id);
        if (!approve) continue;
        // Post against on-hand now, not at sheet creation: movements since then must not be undone.
        const now = (await store.raw<{ on_hand: number }>(`select on_hand from stock_balance where product_id = ? and bin_id = ? and coalesce(lot_id, 0) = coalesce(?, 0)${forUpdate(store)}`, line.product_id, line.bin_id, line.lot_id))[0]?.on_hand ?? 0;
        const diff = line.counted - now;
        if (diff !== 0) {
          await applyMovement(this.core, { kind: 'count', productId: line.product_id, binId: line.bin_id, lotId: line.lot_id, quantity: diff, reason: 'cycle count difference', reference: `count ${id}`, actor });
          this.core.events.publish('stock.changed', { productId: line.product_id });
        }
      }
      await store.raw("update cycle_count set status = 'posted', posted_at = ? where id = ?", clock.now().toISOString(), id);
      return await this.get(id);
    });
  }

  private async requireStatus(id: number, status: CountDto['status']): Promise<void> {
    // Locked (PostgreSQL): two posts of one count wait for each other, and the second sees `posted`.
    const row = (await this.core.store.raw<{ status: string }>(`select status from cycle_count where id = ?${forUpdate(this.core.store)}`, id))[0];
    if (!row) throw notFound(`Cycle count ${id}`);
    if (row.status !== status) throw conflict(`Cycle count ${id} is ${row.status}, not ${status}`);
  }
}
