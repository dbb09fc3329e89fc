import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { demandHistory } from '../../../main/domain/forecasting/index';
import { tempApp } from '../../helpers/temp-app';

const clock = new ManualClock(new Date('2026-03-01T15:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
const at = (iso: string) => clock.set(new Date(iso));
const shipTo = { name: 'Ava Nguyen', line1: '12 Elm St', city: 'Portland', regionCode: 'OR', postalCode: '97214', countryCode: 'US' };
const order = (sku: string, quantity: number) => app.invoke('orders.create', { customer: { name: 'Ava Nguyen' }, shipTo, lines: [{ sku, quantity, unitPriceCents: 1200 }] });

beforeEach(async () => {
  at('2026-03-01T15:00:00Z');
  app = await tempApp({ clock });
  // The shop is in New York: 22:30 there on 2 March is already 3 March in UTC.
  await app.invoke('calendar.update', { timeZone: 'America/New_York' });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
  await app.invoke('catalog.upsert', { sku: 'VASE', name: 'Vase' });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 50 });
  await app.invoke('stock.receive', { sku: 'VASE', quantity: 10 });
  at('2026-03-02T14:00:00Z'); // 09:00 on 2 March at the shop
  await order('MUG', 2);
  at('2026-03-03T03:30:00Z'); // 22:30 on 2 March at the shop
  await order('MUG', 3);
  at('2026-03-03T15:00:00Z');
  const cancelled = await order('MUG', 7);
  await app.invoke('orders.cancel', { id: cancelled.id, reason: 'Customer changed their mind' });
  // The vase sells out on 3 March (written off), nothing on the shelf on 4 and 5 March, stock back on 6 March.
  await app.invoke('stock.adjust', { sku: 'VASE', delta: -10, reason: 'broken in a fall' });
  at('2026-03-06T15:00:00Z');
  await app.invoke('stock.receive', { sku: 'VASE', quantity: 5 });
  await order('VASE', 1);
  at('2026-03-07T15:00:00Z');
});
afterEach(() => app.cleanup());

const ids = async (...skus: string[]) => Promise.all(skus.map(async (sku) => (await app.invoke('catalog.get', { sku })).id));

describe('demandHistory', () => {
  it('sums units per shop day, leaves cancelled orders out and ends yesterday by default', async () => {
    const [mug] = await ids('MUG');
    const [s] = await demandHistory(app.services.core, { productIds: [mug], days: 6 });
    expect(s.start).toBe('2026-03-01');
    expect([...s.units]).toEqual([0, 5, 0, 0, 0, 0]); // 2 + 3 on 2 March; the cancelled 7 not at all
    expect([...s.censored]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('marks the days with nothing on the shelf all day as censored, not the days stock ran out or came back', async () => {
    const [vase] = await ids('VASE');
    const [s] = await demandHistory(app.services.core, { productIds: [vase], days: 6, until: '2026-03-06' });
    expect([...s.censored]).toEqual([0, 0, 0, 1, 1, 0]);
    expect([...s.units]).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('filters by warehouse and refuses a bad request with the field named', async () => {
    const [mug] = await ids('MUG');
    const [main] = await app.invoke('warehouses.list', {});
    expect([...(await demandHistory(app.services.core, { productIds: [mug], warehouseId: main.id, days: 6 }))[0].units]).toEqual([0, 5, 0, 0, 0, 0]);
    expect([...(await demandHistory(app.services.core, { productIds: [mug], warehouseId: main.id + 99, days: 6 }))[0].units]).toEqual([0, 0, 0, 0, 0, 0]);
    await expect((async () => await demandHistory(app.services.core, { days: 0 }))()).rejects.toThrow(/days/);
    await expect((async () => await demandHistory(app.services.core, { days: 5, until: '6 March' }))()).rejects.toThrow(/until/);
  });

  it('refresh stores a forecast per product (audited); get reads it back with the history', async () => {
    const r = await app.invoke('forecasting.refresh', {});
    expect(r.refreshed).toBe(2);
    const f = await app.invoke('forecasting.get', { sku: 'VASE', historyDays: 7 });
    expect(f.stored).toBe(true);
    // 28 February: before the first receipt, nothing on the shelf either.
    expect(f.history.map((d) => d.censored)).toEqual([true, false, false, false, true, true, false]);
    expect(f.history.at(-1)!.date).toBe('2026-03-06');
    expect(f.next[0].date).toBe('2026-03-07');
    expect(f.reason.length).toBeGreaterThan(10);
    const audit = await app.invoke('audit.list', { action: 'forecasting.refresh' });
    expect(audit.entries).toHaveLength(1);
    await expect(app.invoke('forecasting.get', { sku: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.invoke('forecasting.refresh', { skus: ['MUG', 'NOPE'] })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'skus.1' } });
    await expect((async () => await app.services.forecasting.refresh([999_999]))()).rejects.toThrow(/Product 999999 not found/);
    await expect((async () => await app.services.forecasting.refresh(undefined, { warehouseId: 999 }))()).rejects.toThrow(/Warehouse 999 not found/);
    // Nothing half-written by the refused calls: still the two forecasts of the first refresh.
    expect((await app.services.forecasting.stored()).size).toBe(2);
    // The next day the stored forecast has missed a day of orders: the page gets a current one.
    at('2026-03-08T15:00:00Z');
    const tomorrow = await app.invoke('forecasting.get', { sku: 'VASE', historyDays: 7 });
    expect(tomorrow).toMatchObject({ stored: false, computedAt: '2026-03-08T15:00:00.000Z' });
    expect(tomorrow.next[0].date).toBe('2026-03-08');
  });
});
