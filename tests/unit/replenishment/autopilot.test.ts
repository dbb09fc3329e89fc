import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, productIdOf, shopWithHistory, TODAY } from './setup';

type Shop = Awaited<ReturnType<typeof shopWithHistory>>;
let shop: Shop | null = null;
afterEach(async () => {
  await shop?.cleanup();
  shop = null;
});

describe('replenishment autopilot (real services, temp SQLite)', () => {
  it('plans from the order history: the fast seller is suggested with its arithmetic, the stocked one is not', async () => {
    shop = await shopWithHistory([
      { sku: 'FAST', priceCents: 2000, perDay: 10, stock: 30 },
      { sku: 'FULL', priceCents: 2000, perDay: 1, stock: 500 },
    ]);
    const plan = await shop.invoke('replenish.preview', {});
    expect(plan.lines.map((l) => l.sku)).toEqual(['FAST']);
    const fast = plan.lines[0];
    expect(fast.supplier).toBe('Acme');
    // Steady demand of 10 a day (the forecast method may smooth it a little).
    expect(fast.perDay).toBeGreaterThan(9);
    expect(fast.perDay).toBeLessThan(11);
    const m = /^(\d+): forecast ([\d.]+)\/day × 20 days \(6-day lead time \+ 14 days' cover\) = (\d+) \+ safety (\d+) − on hand 30 − on order 0 = (\d+)$/.exec(fast.reason);
    expect(m, fast.reason).not.toBeNull();
    const [, qty, rate, demand, safety, need] = m!.map(Number);
    expect(rate).toBe(fast.perDay);
    expect(demand).toBe(Math.ceil(rate * 20 - 1e-9));
    expect(need).toBe(demand + safety - 30);
    expect(fast.qty).toBe(qty);
    expect(fast.qty).toBe(need);
    expect(fast.valueCents).toBe(fast.qty * 1000);
    // Nothing was saved by a preview.
    expect(await shop.store.raw('select count(*) as n from replenishment_run')).toEqual([{ n: 0 }]);
  });

  it('caps a perishable at what sells within its shelf life, and classifies by revenue', async () => {
    shop = await shopWithHistory(
      [
        { sku: 'MILK', priceCents: 300, perDay: 10, stock: 5, shelfLifeDays: 4 },
        { sku: 'CHEESE', priceCents: 5000, perDay: 10, stock: 5 },
        { sku: 'SALT', priceCents: 100, perDay: 1, stock: 1 },
      ],
      { casePack: 6 },
    );
    await shop.invoke('replenish.configure', { budgetCents: 100_000_000 });
    const plan = await shop.invoke('replenish.preview', {});
    const milk = plan.lines.find((l) => l.sku === 'MILK')!;
    // ~10 a day for 4 days, less what is left when the lot arrives (nothing: 5 on hand sell in the 6-day lead time).
    expect(milk.qty).toBeLessThanOrEqual(Math.floor((milk.perDay * 4) / 6) * 6);
    expect(milk.qty % 6).toBe(0);
    expect(milk.reason).toMatch(/capped at \d+: what the forecast sells in the 4-day shelf life/);
    const cheese = plan.lines.find((l) => l.sku === 'CHEESE')!;
    expect(cheese.qty).toBeGreaterThan(milk.qty * 3);
    expect(Object.fromEntries(plan.lines.map((l) => [l.sku, l.abcClass]))).toMatchObject({ CHEESE: 'A', MILK: 'B', SALT: 'C' });
  });

  it('counts what is already on order', async () => {
    shop = await shopWithHistory([{ sku: 'FAST', priceCents: 2000, perDay: 10, stock: 30 }]);
    const before = (await shop.invoke('replenish.preview', {})).lines[0].qty;
    const po = await shop.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: await productIdOf(shop, 'FAST'), quantity: 50 }] } as never);
    await shop.invoke('po.send', { po: (po as { id: number }).id });
    const after = (await shop.invoke('replenish.preview', {})).lines[0];
    expect(after.qty).toBe(before - 50);
    expect(after.reason).toContain('− on order 50 =');
  });

  it('does not suggest again what an approved suggestion already drafted (until that draft is cancelled)', async () => {
    shop = await shopWithHistory([{ sku: 'FAST', priceCents: 2000, perDay: 10, stock: 30 }]);
    const run = await shop.invoke('replenish.run', {});
    const [pos] = await shop.invoke('replenish.approve', { ids: run.suggestions.map((s) => s.id) });
    const drafted = run.suggestions[0].qty;
    // The next run (tomorrow's daily run, or `po create --from-plan` again) sees the draft as on order.
    const again = await shop.invoke('replenish.preview', {});
    expect(again.lines).toEqual([]);
    const rerun = await shop.invoke('replenish.run', {});
    expect(rerun.suggestions.filter((s) => s.status === 'pending')).toEqual([]);
    expect((await shop.invoke('replenish.current', {})).budget.committedCents).toBe(pos.totalCents);
    await shop.invoke('po.cancel', { po: pos.id, reason: 'changed my mind' });
    // A cancelled PO spends nothing: the budget is free again.
    expect((await shop.invoke('replenish.current', {})).budget.committedCents).toBe(0);
    const afterCancel = (await shop.invoke('replenish.preview', {})).lines[0];
    expect(afterCancel.qty).toBe(drafted);
    expect(afterCancel.reason).toContain('− on order 0 =');
  });

  it('never exceeds the budget, ranks by stockout risk × margin and says what it left out', async () => {
    shop = await shopWithHistory(
      [
        { sku: 'RICH', priceCents: 10_000, perDay: 5, stock: 5 },
        { sku: 'POOR', priceCents: 600, perDay: 5, stock: 5 },
      ],
      { moq: 50 },
    );
    await shop.invoke('replenish.configure', { budgetCents: 10_000_000 });
    const all = await shop.invoke('replenish.preview', {});
    expect(all.lines.map((l) => l.sku)).toEqual(['RICH', 'POOR']);
    const [rich, poor] = all.lines;
    expect(rich.riskScore).toBeGreaterThan(poor.riskScore);
    // Room for RICH and 20 units of POOR, below its 50 minimum: POOR is left out, with the reason.
    await shop.invoke('replenish.configure', { budgetCents: rich.valueCents + 20 * poor.unitCostCents });
    const plan = await shop.invoke('replenish.preview', {});
    expect(plan.lines.map((l) => l.sku)).toEqual(['RICH']);
    expect(plan.budget.plannedCents).toBe(rich.valueCents);
    expect(plan.leftOut.map((l) => [l.sku, l.leftOutReason])).toEqual([['POOR', `over budget: $${(poor.valueCents / 100).toFixed(2)} needed, $60.00 of the $${((rich.valueCents + 6000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} budget left after higher-risk lines`]]);
    // With room for 60 more units of POOR it is cut to what fits (not below its minimum), and says so.
    await shop.invoke('replenish.configure', { budgetCents: rich.valueCents + 60 * poor.unitCostCents });
    const cut = await shop.invoke('replenish.preview', {});
    expect(cut.lines.map((l) => [l.sku, l.qty])).toEqual([['RICH', rich.qty], ['POOR', 60]]);
    expect(cut.lines[1].reason).toMatch(new RegExp(`^60: .* = ${poor.qty}, cut from ${poor.qty} to 60 to stay within the budget \\(\\$180\\.00 was left\\)$`));
    expect(cut.budget.plannedCents).toBeLessThanOrEqual(rich.valueCents + 60 * poor.unitCostCents);
  });

  it('approve drafts one PO per supplier with the sentence on each line; edit and skip are recorded', async () => {
    shop = await shopWithHistory([
      { sku: 'A1', priceCents: 2000, perDay: 10, stock: 10 },
      { sku: 'A2', priceCents: 2000, perDay: 4, stock: 2 },
      { sku: 'A3', priceCents: 2000, perDay: 3, stock: 1 },
    ]);
    const current = await shop.invoke('replenish.run', {});
    expect(current.run?.trigger).toBe('manual');
    const pending = current.suggestions.filter((s) => s.status === 'pending');
    expect(pending.map((s) => s.sku).sort()).toEqual(['A1', 'A2', 'A3']);
    const [a1, a2, a3] = ['A1', 'A2', 'A3'].map((sku) => pending.find((s) => s.sku === sku)!);

    const edited = await shop.invoke('replenish.editQuantity', { id: a2.id, qty: 99 });
    expect(edited.qty).toBe(99);
    expect(edited.proposedQty).toBe(a2.qty);
    expect(edited.reason).toMatch(/\(edited by owner: \d+ → 99\)$/);

    const skipped = await shop.invoke('replenish.skip', { ids: [a3.id], reason: 'discontinuing it' });
    expect(skipped[0].status).toBe('skipped');
    expect(skipped[0].statusReason).toBe('discontinuing it');

    const pos = await shop.invoke('replenish.approve', { ids: [a1.id, a2.id] });
    expect(pos).toHaveLength(1);
    expect(pos[0]).toMatchObject({ supplier: 'Acme', lines: 2, sent: false });
    const lines = await shop.store.raw<{ sku: string; quantity: number; reason: string }>('select p.sku, l.quantity, l.reason from purchase_order_line l join product p on p.id = l.product_id where l.po_id = ? order by p.sku', pos[0].id);
    expect(lines).toEqual([
      { sku: 'A1', quantity: a1.qty, reason: a1.reason },
      { sku: 'A2', quantity: 99, reason: edited.reason },
    ]);
    expect(await shop.store.raw('select status, created_by from purchase_order where id = ?', pos[0].id)).toEqual([{ status: 'draft', created_by: 'autopilot' }]);
    // A decided suggestion cannot be approved again.
    await expect(shop.invoke('replenish.approve', { ids: [a1.id] })).rejects.toThrow(/A1\) is approved; only a pending suggestion/);
    await expect(shop.invoke('replenish.skip', { ids: [999] })).rejects.toThrow(/Suggestion 999 not found/);

    // The audit log has the run with its reasons, the draft PO with each line's sentence, and the owner's edit and skip.
    const audit = await shop.store.raw<{ actor: string; action: string; detail: string }>("select actor, action, detail from audit_log where area = 'purchasing' order by id");
    const actions = audit.map((a) => `${a.actor} ${a.action}`);
    expect(actions).toEqual(expect.arrayContaining(['autopilot replenish.run', 'owner replenish.run', 'owner replenish.editQuantity', 'owner replenish.skip', 'owner replenish.draftPo', 'owner replenish.approve']));
    const runRow = audit.find((a) => a.actor === 'autopilot' && a.action === 'replenish.run')!;
    expect(runRow.detail).toContain(`A1: ${a1.reason}`);
    const draft = audit.find((a) => a.action === 'replenish.draftPo')!;
    expect(draft.detail).toContain(`A1: ${a1.reason}`);
    expect((await shop.store.raw<{ detail: string }>("select detail from audit_log where action = 'replenish.skip'"))[0].detail).toContain('discontinuing it');

    // Approved money counts against the period's budget.
    const after = await shop.invoke('replenish.current', {});
    expect(after.budget.committedCents).toBe(pos[0].totalCents);
  });

  it('orders from a supplier in the product currency, even when the preferred one invoices in another', async () => {
    shop = await shopWithHistory([{ sku: 'FAST', priceCents: 2000, perDay: 10, stock: 30 }]);
    const euro = await shop.invoke('suppliers.create', { name: 'Euro Goods', leadTimeDays: 3, currency: 'EUR' });
    await shop.invoke('suppliers.upsertItem', { supplierId: euro.id, productId: await productIdOf(shop, 'FAST'), unitCostCents: 500, preferred: true });
    const plan = await shop.invoke('replenish.preview', {});
    expect(plan.lines.map((l) => [l.sku, l.supplier])).toEqual([['FAST', 'Acme']]);
    expect((await shop.invoke('replenish.approve', { ids: (await shop.invoke('replenish.run', {})).suggestions.map((s) => s.id) }))[0].supplier).toBe('Acme');
  });

  it('refuses an edited quantity that is not whole case packs or under the item minimum, when it is typed', async () => {
    shop = await shopWithHistory([{ sku: 'A1', priceCents: 2000, perDay: 10, stock: 10 }], { casePack: 6, moq: 12 });
    const [s] = (await shop.invoke('replenish.run', {})).suggestions;
    await expect(shop.invoke('replenish.editQuantity', { id: s.id, qty: 50 })).rejects.toThrow('qty: A1 comes in cases of 6; 50 is not whole cases — order 48 or 54');
    await expect(shop.invoke('replenish.editQuantity', { id: s.id, qty: 6 })).rejects.toThrow("qty: Acme's minimum for A1 is 12 units");
    expect((await shop.invoke('replenish.editQuantity', { id: s.id, qty: 54 })).qty).toBe(54);
    expect(await shop.invoke('replenish.approve', { ids: [s.id] })).toHaveLength(1);
  });

  it('a new run replaces pending suggestions; auto-send sends POs under the limit by itself', async () => {
    shop = await shopWithHistory([{ sku: 'A1', priceCents: 2000, perDay: 2, stock: 1 }]);
    const first = await shop.invoke('replenish.run', {});
    const id = first.suggestions[0].id;
    await shop.invoke('replenish.configure', { autoSendUnderCents: 1_000_000 });
    const second = await shop.invoke('replenish.run', {});
    expect(await shop.store.raw('select status from replenishment_suggestion where id = ?', id)).toEqual([{ status: 'superseded' }]);
    const s = second.suggestions[0];
    expect(s.status).toBe('approved');
    expect(s.decidedBy).toBe('autopilot');
    expect(second.run?.summary.autoSent).toEqual([s.poNumber]);
    expect(await shop.store.raw('select status from purchase_order where id = ?', s.poId)).toEqual([{ status: 'sent' }]);
    const row = (await shop.store.raw<{ actor: string; detail: string }>("select actor, detail from audit_log where action = 'replenish.autoSend'"))[0];
    expect(row.actor).toBe('autopilot');
    expect(row.detail).toContain('under the auto-send limit');
    expect(row.detail).toContain(s.reason);
  });

  it('lists exceptions: PO overdue, supplier late, SKUs that run out before a delivery can arrive', async () => {
    shop = await shopWithHistory([
      { sku: 'LOW', priceCents: 2000, perDay: 10, stock: 20 },
      { sku: 'OK', priceCents: 2000, perDay: 1, stock: 500 },
    ]);
    const low = await productIdOf(shop, 'LOW');
    // A PO sent 12 days ago, due 6 days after, received only now: overdue until received, then the supplier is late.
    shop.clock.set(new Date(TODAY.getTime() - 12 * DAY_MS));
    const po = (await shop.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: low, quantity: 5 }], expectedOn: '2026-02-24' } as never)) as { id: number };
    await shop.invoke('po.send', { po: po.id });
    shop.clock.set(TODAY);
    let ex = await shop.invoke('replenish.exceptions', {});
    expect(ex.map((e) => e.kind)).toContain('po_overdue');
    expect(ex.find((e) => e.kind === 'po_overdue')!.message).toMatch(/^PO-\S+ from Acme was due 2026-02-24 \(6 days ago\)$/);
    await shop.invoke('po.receive', { po: po.id, lines: [{ productId: low, quantity: 5 }] } as never);
    ex = await shop.invoke('replenish.exceptions', {});
    expect(ex.map((e) => e.kind)).not.toContain('po_overdue');
    expect(ex.find((e) => e.kind === 'supplier_late')!.message).toBe('Acme takes 12.0 days on average (1 receipt); it promises 6 days');
    // LOW: 25 on hand at 10/day lasts 2.5 days; a new order takes 6.
    const plan = await shop.invoke('replenish.preview', {});
    const runsOut = plan.exceptions.filter((e) => e.kind === 'runs_out_before_delivery');
    expect(runsOut.map((e) => e.sku)).toEqual(['LOW']);
    const rate = plan.lines.find((l) => l.sku === 'LOW')!.perDay;
    expect(runsOut[0].message).toBe(`LOW runs out in ${(25 / rate).toFixed(1)} days at ${rate}/day; a new order takes 6 days`);
  });

  it('the daily worker runs once per shop day on the app clock', async () => {
    shop = await shopWithHistory([{ sku: 'A1', priceCents: 2000, perDay: 2, stock: 1 }]);
    const daily = shop.services.replenishment.daily;
    expect((await shop.invoke('forecasting.get', { sku: 'A1' })).stored).toBe(false);
    expect(await daily.checkNow()).toBe(true);
    // The day's forecasts are stored by the daily run: the product page reads them, not a live computation.
    expect((await shop.invoke('forecasting.get', { sku: 'A1' })).stored).toBe(true);
    expect(await daily.checkNow()).toBe(false);
    shop.clock.advance(DAY_MS);
    expect(await daily.checkNow()).toBe(true);
    expect(await shop.store.raw('select "trigger", shop_day from replenishment_run order by id')).toEqual([
      { trigger: 'daily', shop_day: '2026-03-02' },
      { trigger: 'daily', shop_day: '2026-03-03' },
    ]);
    await shop.invoke('replenish.configure', { dailyRun: false });
    shop.clock.advance(DAY_MS);
    expect(await daily.checkNow()).toBe(false);
    const row = (await shop.store.raw<{ transport: string }>("select transport from audit_log where action = 'replenish.run' and actor = 'autopilot' limit 1"))[0];
    expect(row.transport).toBe('worker');
  });
});
