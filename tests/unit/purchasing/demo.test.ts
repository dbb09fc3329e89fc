import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { seedDemo } from '../../../main/demo/index';
import { tempApp } from '../../helpers/temp-app';

/** The demo shop's purchasing: suppliers with price breaks and case packs, POs in every state. */
let app: Awaited<ReturnType<typeof tempApp>>;
beforeAll(async () => {
  app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T15:00:00Z')) });
  expect(await seedDemo(app, { seed: 7 })).toBe(true);
}, 180_000);
afterAll(async () => {
  await app.cleanup();
});

describe('demo purchasing', () => {
  it('has suppliers selling with price breaks and case packs, and a preferred supplier per product', async () => {
    const suppliers = await app.invoke('suppliers.list', {});
    expect(suppliers.length).toBeGreaterThanOrEqual(5);
    const items = await app.invoke('suppliers.listItems', {});
    expect(items.some((i) => i.casePack > 1 && i.priceBreaks.length >= 2)).toBe(true);
    expect(items.filter((i) => i.preferred).length).toBeGreaterThan(50);
    expect(suppliers.find((s) => s.name === 'Northwind Camp Supply')!.observedLeadTime).toMatchObject({ samples: expect.any(Number) });
  });

  it('has a purchase order in every state, one of them overdue, and the ledger still checks out', async () => {
    const pos = await app.invoke('po.list', {});
    expect(new Set(pos.map((p) => p.status))).toEqual(new Set(['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled']));
    expect(pos.filter((p) => p.overdue).length).toBeGreaterThanOrEqual(1);
    const partial = await app.invoke('po.get', { po: pos.find((p) => p.status === 'partially_received')!.id });
    expect(partial.lines[0].damagedQty).toBe(2);
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  });

  it("has the autopilot's suggestions waiting for the owner, each with its arithmetic", async () => {
    const current = await app.invoke('replenish.current', {});
    const pending = current.suggestions.filter((s) => s.status === 'pending');
    expect(pending.length).toBeGreaterThanOrEqual(1);
    for (const s of pending) expect(s.reason).toMatch(new RegExp(`^${s.qty}( = \\d+ cases of \\d+)?: forecast [\\d.]+/day × `));
  });
});
