import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { startStationServer, type StationServer } from '../../../main/server/server';
import type { AuditEntryDto } from '../../../shared/api/audit';
import { tempApp } from '../../helpers/temp-app';
import { placeOrder, shippingShop } from '../shipping/service-setup';

type TestApp = Awaited<ReturnType<typeof tempApp>>;
let app: TestApp | undefined;
let server: StationServer | undefined;
afterEach(async () => {
  await server?.close();
  await app?.cleanup();
  server = undefined;
  app = undefined;
});

/** Every row, oldest first, as the owner's viewer reads them. */
async function auditRows(a: TestApp, filters: Record<string, unknown> = {}): Promise<AuditEntryDto[]> {
  return (await a.invoke('audit.list', { limit: 500, ...filters })).entries.reverse();
}

async function post(url: string, method: string, body: unknown, token?: string) {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; error?: any } };
}

describe('audit log: what the router writes', () => {
  it('records a stock adjustment made from the CLI: who, when (app clock), how, what and the input', async () => {
    const clock = new ManualClock(new Date('2026-03-02T15:04:05.000Z'));
    app = await tempApp({ clock });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    const result = await app.call('stock.adjust', { sku: 'MUG', delta: 7, reason: 'found behind the shelf' }, { actor: 'cli', transport: 'cli' });
    expect(result.ok).toBe(true);
    const rows = await auditRows(app, { action: 'stock.adjust' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      at: '2026-03-02T15:04:05.000Z',
      actor: 'cli',
      role: 'owner',
      transport: 'cli',
      area: 'stock',
      action: 'stock.adjust',
      target: 'sku=MUG',
      outcome: 'ok',
      detail: { sku: 'MUG', delta: 7, reason: 'found behind the shelf' },
    });
  });

  it('does not record reads, nor calls that failed validation or found nothing', async () => {
    app = await tempApp();
    await app.call('stock.list', {});
    await app.call('stock.adjust', { sku: 'NOPE', delta: 1, reason: 'x' });
    await app.call('stock.adjust', { sku: 'NOPE', delta: 0, reason: 'x' });
    expect(await auditRows(app)).toEqual([]);
  });

  it('records a shipment (and what led to it) with the order as its target', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    await app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority' }, { actor: 'owner', transport: 'ipc' });
    const [ship] = await auditRows(app, { area: 'shipping' });
    expect(ship).toMatchObject({ action: 'shipping.ship', area: 'shipping', target: `orderId=${order.id}`, transport: 'ipc', actor: 'owner', detail: { orderId: order.id, service: 'usps/priority' } });
    // The setup's own changes are there too, each under its area.
    const actions = (await auditRows(app)).map((r) => `${r.area} ${r.action}`);
    expect(actions).toEqual(expect.arrayContaining(['settings warehouses.upsert', 'catalog catalog.upsert', 'stock stock.receive', 'settings shipping.importRateCard', 'orders orders.create']));
  });

  it('files a channel secret rotation under secrets, with the secret masked (never stored)', async () => {
    app = await tempApp();
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify' });
    await app.invoke('channels.upsert', { id: channel.id, name: 'Shop', kind: 'shopify', secret: 'shpss_first_secret_0001' });
    await app.invoke('channels.upsert', { id: channel.id, name: 'Shop', kind: 'shopify', secret: 'shpss_rotated_secret_9876', retireOldAfterHours: 24 });
    const rows = await auditRows(app, { action: 'channels.upsert' });
    expect(rows.map((r) => r.area)).toEqual(['settings', 'secrets', 'secrets']);
    expect(rows[2]).toMatchObject({ target: `id=${channel.id}`, detail: { id: channel.id, secret: '••••9876', retireOldAfterHours: 24 } });
    const stored = (await app.store.raw<{ detail: string }>('select detail from audit_log')).map((r) => r.detail).join('\n');
    expect(stored).not.toContain('rotated_secret');
    expect(stored).not.toContain('first_secret');
    // The secrets filter finds every secret change.
    expect((await auditRows(app, { area: 'secrets' })).map((r) => r.id)).toEqual([rows[1].id, rows[2].id]);
  });

  it('over HTTP in LAN mode: pairing, a station’s stock adjustment, a refused owner-only call and the revocation', async () => {
    app = await tempApp({ lanMode: true });
    server = await startStationServer(app, { port: 0, lan: true, host: '127.0.0.1' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 });
    const { code } = await app.invoke('auth.createPairingCode', { name: 'Pack 1', role: 'packer' }, { transport: 'cli' });

    // A stranger guessing codes leaves no rows (strangers cannot make the database grow).
    expect((await post(server.url, 'auth.pair', { code: 'WRONGCODE' })).status).toBe(401);
    const paired = await post(server.url, 'auth.pair', { code });
    expect(paired.status).toBe(200);
    const token = paired.body.data.token as string;

    expect((await post(server.url, 'stock.adjust', { sku: 'MUG', delta: -2, reason: 'dropped' }, token)).status).toBe(200);
    expect((await post(server.url, 'auth.revokeToken', { id: 1 }, token)).status).toBe(403);
    await app.invoke('auth.revokeToken', { id: 1 }, { transport: 'cli' });
    expect((await post(server.url, 'stock.adjust', { sku: 'MUG', delta: -1, reason: 'dropped' }, token)).status).toBe(401);

    const rows = (await auditRows(app)).filter((r) => r.action !== 'catalog.upsert' && r.action !== 'stock.receive');
    expect(rows.map((r) => [r.actor, r.role, r.transport, r.action, r.target, r.outcome])).toEqual([
      ['owner', 'owner', 'cli', 'auth.createPairingCode', 'name=Pack 1', 'ok'],
      ['anonymous', 'picker', 'http', 'auth.pair', 'name=Pack 1', 'ok'],
      ['station:Pack 1', 'packer', 'http', 'stock.adjust', 'sku=MUG', 'ok'],
      ['station:Pack 1', 'packer', 'http', 'auth.revokeToken', 'id=1', 'forbidden'],
      ['owner', 'owner', 'cli', 'auth.revokeToken', 'id=1', 'ok'],
    ]);
    // The pairing code is a secret: the row shows neither it nor the token the pairing returned.
    expect(rows[1].detail).toEqual({ code: '••••' });
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(token);
    // The log is the owner's: a station cannot read it.
    const stationToken = (await post(server.url, 'auth.pair', { code: (await app.invoke('auth.createPairingCode', { name: 'Pack 2' })).code })).body.data.token;
    expect((await post(server.url, 'audit.list', {}, stationToken)).status).toBe(403);
  });
});

describe('audit log: append-only', () => {
  it('refuses UPDATE and DELETE of a row, and keeps it', async () => {
    app = await tempApp();
    await app.invoke('calendar.update', { orderCutoff: '14:00' });
    const before = await app.store.raw('select * from audit_log');
    expect(before).toHaveLength(1);
    await expect((async () => await app!.store.raw("update audit_log set actor = 'someone else'"))()).rejects.toThrow(/append-only/);
    await expect((async () => await app!.store.raw('delete from audit_log'))()).rejects.toThrow(/append-only/);
    expect(await app.store.raw('select * from audit_log')).toEqual(before);
  });
});

describe('audit.list', () => {
  it('filters by actor (exact or prefix), area, action (exact or domain) and shop days, and pages newest first', async () => {
    const clock = new ManualClock(new Date('2026-03-02T12:00:00.000Z'));
    app = await tempApp({ clock });
    await app.invoke('calendar.update', { timeZone: 'America/New_York' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    for (let i = 1; i <= 5; i++) {
      clock.advance(3_600_000);
      await app.invoke('stock.adjust', { sku: 'MUG', delta: i, reason: `r${i}` }, { actor: i % 2 ? 'station:Pack 1' : 'station:Pack 2', role: 'packer', transport: 'http' });
    }
    // 04:30 UTC on 3 March is still 2 March in New York.
    clock.set(new Date('2026-03-03T04:30:00.000Z'));
    await app.invoke('stock.adjust', { sku: 'MUG', delta: 10, reason: 'late' });
    clock.set(new Date('2026-03-03T15:00:00.000Z'));
    await app.invoke('stock.adjust', { sku: 'MUG', delta: 11, reason: 'next day' });

    const reasons = (entries: AuditEntryDto[]) => entries.map((e) => (e.detail as { reason?: string }).reason ?? e.action);
    expect(reasons((await app.invoke('audit.list', { actor: 'station:Pack 1' })).entries)).toEqual(['r5', 'r3', 'r1']);
    expect(reasons((await app.invoke('audit.list', { actor: 'station:' })).entries)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    expect(reasons((await app.invoke('audit.list', { area: 'settings' })).entries)).toEqual(['calendar.update']);
    expect(reasons((await app.invoke('audit.list', { action: 'catalog.' })).entries)).toEqual(['catalog.upsert']);
    expect(reasons((await app.invoke('audit.list', { action: 'stock.adjust', since: '2026-03-03' })).entries)).toEqual(['next day']);
    expect(reasons((await app.invoke('audit.list', { action: 'stock.adjust', until: '2026-03-02' })).entries)).toEqual(['late', 'r5', 'r4', 'r3', 'r2', 'r1']);
    const late = (await app.invoke('audit.list', { since: '2026-03-02', until: '2026-03-02', action: 'stock.adjust', limit: 1 })).entries[0];
    expect(late.shopTime).toBe('2026-03-02T23:30');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await app.invoke('audit.list', { action: 'stock.adjust', limit: 3, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...reasons(page.entries));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['next day', 'late', 'r5', 'r4', 'r3', 'r2', 'r1']);
    await expect(app.invoke('audit.list', { cursor: 'garbage' })).rejects.toThrow(/cursor/);
  });
});
