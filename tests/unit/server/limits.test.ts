import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { tempApp } from '../../helpers/temp-app';
import { expectSecurityHeaders } from './raw-http';

let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;

beforeEach(async () => {
  app = await tempApp();
  server = await startStationServer(app, { port: 0 });
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

const productCount = async () => (await app.store.raw<{ n: number }>('select count(*) as n from product'))[0].n;

/** A plain products CSV of about `bytes` bytes. */
function productsCsv(bytes: number): { csv: string; rows: number } {
  const lines = ['sku,name,price,weight_g'];
  let size = lines[0].length + 1;
  let i = 0;
  while (size < bytes) {
    const line = `BIG-${String(i).padStart(7, '0')},Heavyweight organic cotton field shirt with a long descriptive name for the catalog number ${i},${(i % 90) + 10}.50,${200 + (i % 700)}`;
    lines.push(line);
    size += line.length + 1;
    i++;
  }
  return { csv: `${lines.join('\n')}\n`, rows: i };
}

describe('body limits are answered, not reset', () => {
  it('answers an API body over 5 MB with a 413 the client receives, and keeps the server serving', async () => {
    const big = JSON.stringify({ sku: 'X', name: 'y'.repeat(6 * 1024 * 1024) });
    const res = await fetch(`${server.url}/api/catalog.upsert`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/larger than 5242880 bytes/);
    expectSecurityHeaders(res);
    expect(await productCount()).toBe(0);
    const ok = await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('answers a webhook body over the limit with a 413 the sender receives', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'shpss_limit_secret' });
    const res = await fetch(`${server.url}${channel.webhookPath}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(6 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expectSecurityHeaders(res);
  });
});

describe('file imports stream over HTTP', () => {
  it('imports a 20 MB products CSV sent as text/csv (the JSON body caps at 5 MB)', async () => {
    const { csv, rows } = productsCsv(20 * 1024 * 1024);
    expect(csv.length).toBeGreaterThan(20 * 1024 * 1024);
    // As one JSON string it cannot get through.
    const asJson = await fetch(`${server.url}/api/catalog.import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 'csv', content: csv }) });
    expect(asJson.status).toBe(413);
    const res = await fetch(`${server.url}/api/catalog.import?format=csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    const body = await res.json();
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.data).toMatchObject({ created: rows, updated: 0, failed: 0, written: true });
    expect(await productCount()).toBe(rows);
    const last = await app.invoke('catalog.get', { sku: `BIG-${String(rows - 1).padStart(7, '0')}` });
    expect(last.name).toMatch(/catalog number \d+$/);
  }, 120_000);

  it('validates the options in the query and reports bad rows with their row, like the JSON call', async () => {
    const missing = await fetch(`${server.url}/api/catalog.import`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'sku,name\nA,B\n' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/format/);
    const res = await fetch(`${server.url}/api/catalog.import?format=csv&skipBadRows=true`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'sku,name,price\nA-1,Good,1.00\n,No SKU,2.00\n' });
    const report = (await res.json()).data;
    expect(report).toMatchObject({ created: 1, failed: 1, written: true });
    expect(report.errors[0]).toMatchObject({ row: 3, column: 'sku' });
    // Only the import methods take a file.
    const notUpload = await fetch(`${server.url}/api/catalog.upsert`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'sku,name\nA,B\n' });
    expect(notUpload.status).toBe(415);
  });

  it('imports an orders file sent as text/csv for a channel', async () => {
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 5 });
    const channel = await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    const csv = 'order_id,placed_at,ship_name,address1,city,country,sku,quantity,unit_price,currency\nP-1,2026-11-02T10:00:00Z,Ada,1 Main St,Springfield,US,MUG,2,9.50,USD\n';
    const res = await fetch(`${server.url}/api/orders.import?channel=${channel.id}&format=csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.data).toMatchObject({ created: 1, failed: 0 });
    // An upload bypasses the router, so it writes its own audit row: who imported what, over HTTP.
    const audit = await app.invoke('audit.list', { action: 'orders.import' });
    expect(audit.entries[0]).toMatchObject({ actor: 'owner', transport: 'http', area: 'orders', action: 'orders.import' });
  });
});
