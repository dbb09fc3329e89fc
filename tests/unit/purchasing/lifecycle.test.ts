import { afterEach, describe, expect, it } from 'vitest';
import { purchasingShop, type TestApp } from './fixture';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('purchase order lifecycle', () => {
  it('goes draft → sent → partially received → received → closed, with its history', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }, { productId: shop.ids.MUG, quantity: 24 }], freightCents: 1500 });
    expect(po.number).toMatch(/^PO-\d{5}$/);
    let detail = await app.invoke('po.get', { po: po.number });
    expect(detail).toMatchObject({ status: 'draft', expectedOn: '2026-11-08', goodsCents: 10 * 500 + 24 * 300, landedCents: 1500, totalCents: 5000 + 7200 + 1500 });
    // Goods 12,200 is over Acme's 10,000 minimum: no warning.
    expect((await app.invoke('po.send', { po: po.id })).warnings).toEqual([]);
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 10 }] });
    expect((await app.invoke('po.get', { po: po.id })).status).toBe('partially_received');
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'MUG', quantity: 24 }] });
    expect((await app.invoke('po.get', { po: po.id })).status).toBe('received');
    await app.invoke('po.close', { po: po.id });
    detail = await app.invoke('po.get', { po: po.id });
    expect(detail.status).toBe('closed');
    expect(detail.events.map((e) => e.kind)).toEqual(['created', 'sent', 'received', 'received', 'closed']);
  });

  it('records every edit after sending with before and after', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 24 }] });
    await app.invoke('po.send', { po: po.id });
    await app.invoke('po.updateLine', { po: po.id, lineNo: 1, quantity: 48, unitCostCents: 240 });
    await app.invoke('po.updateHeader', { po: po.id, freightCents: 2500, expectedOn: '2026-11-12' });
    await app.invoke('po.addLine', { po: po.id, line: { productId: shop.ids.TEE, quantity: 4 } });
    const detail = await app.invoke('po.get', { po: po.id });
    const edits = detail.events.filter((e) => e.kind !== 'created' && e.kind !== 'sent');
    expect(edits.map((e) => [e.kind, e.detail.before, e.detail.after, e.detail.afterSending])).toEqual([
      ['line_edited', { quantity: 24, unitCostCents: 300, expectedOn: null }, { quantity: 48, unitCostCents: 240, expectedOn: null }, true],
      ['edited', { expectedOn: '2026-11-08', freightCents: 0 }, { expectedOn: '2026-11-12', freightCents: 2500 }, true],
      ['line_added', null, { quantity: 4, unitCostCents: 500 }, true],
    ]);
    expect(edits[0].summary).toBe('Line 1 (MUG): quantity 24 → 48, unitCostCents 300 → 240');
    // The edit went through the audited API too.
    const audit = await app.invoke('audit.list', { area: 'purchasing' } as never);
    expect(JSON.stringify(audit)).toContain('po.updateLine');
  });

  it('refuses invalid transitions with a clear message', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 10 }] });
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 1 }] })).rejects.toThrow(/still a draft; send it before receiving/);
    await expect(app.invoke('po.close', { po: po.id })).rejects.toThrow(/only a received or partially received PO can be closed \(cancel it instead\)/);
    await app.invoke('po.send', { po: po.id });
    await expect(app.invoke('po.send', { po: po.id })).rejects.toThrow(/is sent; only a draft can be sent/);
    await app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 4 }] });
    await expect(app.invoke('po.cancel', { po: po.id })).rejects.toThrow(/has goods received against it; close it instead/);
    await expect(app.invoke('po.updateLine', { po: po.id, lineNo: 1, quantity: 3 })).rejects.toThrow(/line 1: 4 already arrived/);
    await expect(app.invoke('po.removeLine', { po: po.id, lineNo: 1 })).rejects.toThrow(/goods already arrived/);
    await app.invoke('po.close', { po: po.id });
    await expect(app.invoke('po.updateHeader', { po: po.id, freightCents: 1 })).rejects.toThrow(/is closed; it can no longer be edited/);
    await expect(app.invoke('po.receive', { po: po.id, lines: [{ code: 'TEE', quantity: 1 }] })).rejects.toThrow(/is closed; nothing more can be received/);
    const other = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 1 }] });
    await app.invoke('po.cancel', { po: other.id, reason: 'ordered by phone' });
    await expect(app.invoke('po.send', { po: other.id })).rejects.toThrow(/is cancelled; only a draft can be sent/);
    expect((await app.invoke('po.get', { po: other.id })).events.at(-1)!.summary).toBe('Cancelled: ordered by phone');
  });

  it('warns when a PO is sent under the supplier minimum and flags overdue POs', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 2 }], expectedOn: '2026-11-05' });
    expect((await app.invoke('po.send', { po: po.id })).warnings[0]).toMatch(/order minimum/);
    expect((await app.invoke('po.list', { overdueOnly: true })).length).toBe(0);
    shop.clock.set(new Date('2026-11-06T10:00:00Z'));
    const overdue = await app.invoke('po.list', { overdueOnly: true });
    expect(overdue.map((p) => [p.number, p.overdue])).toEqual([[po.number, true]]);
  });

  it('writes the PO document as CSV and as a PDF', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 96 }], freightCents: 1234, notes: 'Deliver to the back door, "dock 2"' });
    const csv = Buffer.from((await app.invoke('po.exportDocument', { po: po.id, format: 'csv' })).base64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[1]).toBe(`${po.number},Acme Supply,1,AC-MUG-1,MUG,Mug,96,12,8,2.20,211.20,USD,2026-11-08`);
    const pdf = await app.invoke('po.exportDocument', { po: po.id, format: 'pdf' });
    expect(pdf.filename).toBe(`${po.number}.pdf`);
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('lets a picker station receive but not buy', async () => {
    const shop = await purchasingShop();
    app = shop.app;
    const picker = { role: 'picker' as const, actor: 'station:dock' };
    await expect(app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 1 }] }, picker)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.TEE, quantity: 5 }] });
    await app.invoke('po.send', { po: po.id });
    await expect(app.invoke('po.send', { po: po.id }, picker)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const r = await app.invoke('po.receive', { po: po.number, lines: [{ code: 'TEE', quantity: 5 }] }, picker);
    expect(r.status).toBe('received');
    expect((await app.invoke('po.get', { po: po.id })).receipts[0].actor).toBe('station:dock');
  });
});

