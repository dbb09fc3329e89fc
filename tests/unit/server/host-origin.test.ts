import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { runCli } from '../../helpers/cli';
import { tempApp } from '../../helpers/temp-app';
import { expectSecurityHeaders, rawRequest } from './raw-http';

let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;

const movements = async () => (await app.store.raw<{ n: number }>('select count(*) as n from stock_movement'))[0].n;
const adjustBody = JSON.stringify({ sku: 'MUG', delta: 5, reason: 'found' });

/** A POST to the API as raw bytes, so Host and Origin are exactly what a hostile page would send. */
function rawApiPost(opts: { host?: string; origin?: string; contentType?: string; method?: string; body?: string; path?: string }) {
  const body = opts.body ?? adjustBody;
  const head = [
    `POST ${opts.path ?? `/api/${opts.method ?? 'stock.adjust'}`} HTTP/1.1`,
    `Host: ${opts.host ?? `127.0.0.1:${server.port}`}`,
    ...(opts.origin ? [`Origin: ${opts.origin}`] : []),
    `Content-Type: ${opts.contentType ?? 'application/json'}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return rawRequest(server.port, `${head.join('\r\n')}\r\n\r\n${body}`);
}

async function setUp(lan: boolean) {
  app = await tempApp({ lanMode: lan });
  server = await startStationServer(app, { port: 0, lan });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
}
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

describe('Host, Origin and Content-Type on loopback', () => {
  beforeEach(() => setUp(false));

  it('refuses a request naming another host (DNS rebinding) with 421 and writes nothing', async () => {
    const before = await movements();
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const answer = await rawApiPost({ host });
      expect(answer!.status, host).toBe(421);
      expectSecurityHeaders(answer!);
    }
    // The events stream and the console too.
    expect((await rawRequest(server.port, `GET /api/events HTTP/1.1\r\nHost: evil.example\r\n\r\n`))!.status).toBe(421);
    expect((await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n`))!.status).toBe(421);
    expect(await movements()).toBe(before);
    // Its own names pass.
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await rawApiPost({ host, method: 'system.info', body: '{}' }))!.status, host).toBe(200);
    }
  });

  it("refuses a request from another site's page (Origin) with 403 and writes nothing", async () => {
    const before = await movements();
    for (const origin of ['http://evil.example', `http://localhost:${server.port + 1}`, 'null', `file://`, `http://127.0.0.1:${server.port}.evil.example`]) {
      const answer = await rawApiPost({ origin });
      expect(answer!.status, origin).toBe(403);
      expectSecurityHeaders(answer!);
    }
    expect((await rawRequest(server.port, `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example\r\n\r\n`))!.status).toBe(403);
    expect(await movements()).toBe(before);
    // The console's own origin passes.
    expect((await rawApiPost({ origin: `http://127.0.0.1:${server.port}` }))!.status).toBe(200);
    expect(await movements()).toBe(before + 1);
  });

  it('answers 415 to an API call that is not application/json (what forms and no-cors fetches send)', async () => {
    const before = await movements();
    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/csv']) {
      const answer = await rawApiPost({ contentType });
      expect(answer!.status, contentType).toBe(415);
      expect(JSON.parse(answer!.body).error.message).toMatch(/application\/json/);
    }
    const res = await fetch(`${server.url}/api/stock.adjust`, { method: 'POST', body: adjustBody }); // fetch's default: text/plain
    expect(res.status).toBe(415);
    expect(await movements()).toBe(before);
    expect((await rawApiPost({ contentType: 'application/json; charset=utf-8' }))!.status).toBe(200);
  });

  it('answers webhooks whatever the Host (they arrive through tunnels and proxies; their signature is the check)', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'shpss_secret_abc' });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 3 });
    const body = shopifyOrderBody({ id: 91, lines: [{ sku: 'MUG', quantity: 1 }] });
    const res = await postShopifyWebhook(server.url, channel.webhookPath, body, 'shpss_secret_abc');
    expect(res.status).toBe(200);
    const viaTunnel = await rawRequest(server.port, `POST ${channel.webhookPath} HTTP/1.1\r\nHost: abc123.tunnel.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
    expect(viaTunnel!.status).toBe(401); // reached the webhook: unsigned
  });

  it('answers the first requests after a start together, and every request while an added name is being read (none refused as another host)', async () => {
    // A fresh server: the first request reads the owner's names from the database; the others
    // arriving meanwhile wait for that read instead of being checked against an empty list.
    await server.close();
    server = await startStationServer(app, { port: 0, lan: false });
    const first = await Promise.all(Array.from({ length: 8 }, () => rawApiPost({ method: 'system.info', body: '{}' })));
    expect(first.map((a) => a!.status)).toEqual(Array(8).fill(200));
    // The owner adds a name: requests for it sent at once alongside it are answered with the new list.
    await rawApiPost({ method: 'stationAccess.update', body: JSON.stringify({ allowedHosts: ['till.example'] }) });
    const after = await Promise.all(Array.from({ length: 8 }, (_, i) => rawApiPost({ host: i % 2 ? 'till.example' : `127.0.0.1:${server.port}`, method: 'system.info', body: '{}' })));
    expect(after.map((a) => a!.status)).toEqual(Array(8).fill(200));
  });

  it('answers to the host names the owner adds (reverse proxy), set through the API or the CLI, at once', async () => {
    expect((await rawApiPost({ host: 'shop.example.com', method: 'system.info', body: '{}' }))!.status).toBe(421);
    const set = await rawApiPost({ method: 'stationAccess.update', body: JSON.stringify({ allowedHosts: ['Shop.Example.com', 'https://proxy.example.org:8443/'] }) });
    expect(JSON.parse(set!.body).data).toEqual({ allowedHosts: ['shop.example.com', 'proxy.example.org:8443'] });
    expect((await rawApiPost({ host: 'shop.example.com', method: 'system.info', body: '{}' }))!.status).toBe(200);
    expect((await rawApiPost({ host: 'shop.example.com:443', origin: 'https://shop.example.com', method: 'system.info', body: '{}' }))!.status).toBe(200);
    expect((await rawApiPost({ host: 'proxy.example.org:8443', method: 'system.info', body: '{}' }))!.status).toBe(200);
    expect((await rawApiPost({ host: 'proxy.example.org', method: 'system.info', body: '{}' }))!.status).toBe(421);
    // A bad name is refused with the entry named.
    const bad = await rawApiPost({ method: 'stationAccess.update', body: JSON.stringify({ allowedHosts: ['ok.example', 'not a host'] }) });
    expect(bad!.status).toBe(400);
    expect(JSON.parse(bad!.body).error.message).toMatch(/Host name 2 "not a host"/);

    // The CLI is another process on the same database: the server picks the change up within seconds.
    const cli = runCli(['station-access', '--remove', 'shop.example.com', '--allow', 'pos.example.net', '--json', '--db', app.store.path]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.json()).toEqual({ allowedHosts: ['proxy.example.org:8443', 'pos.example.net'] });
    await expect.poll(async () => (await rawApiPost({ host: 'pos.example.net', method: 'system.info', body: '{}' }))!.status, { timeout: 10_000 }).toBe(200);
    expect((await rawApiPost({ host: 'shop.example.com', method: 'system.info', body: '{}' }))!.status).toBe(421);
  });
});

describe('Host and Origin in LAN mode', () => {
  beforeEach(() => setUp(true));

  it("answers to this machine's addresses and name, and refuses other hosts before looking at the token", async () => {
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4')!.address;
    for (const host of [`${address}:${server.port}`, `${os.hostname().toLowerCase()}:${server.port}`]) {
      expect((await rawApiPost({ host, method: 'system.info', body: '{}' }))!.status, host).toBe(401); // ours: now the token counts
    }
    expect((await rawApiPost({ host: 'evil.example', method: 'system.info', body: '{}' }))!.status).toBe(421);
    expect((await rawApiPost({ origin: 'http://evil.example', method: 'auth.pair', body: '{"code":"ABCD1234"}' }))!.status).toBe(403);
  });

  it('lets only the owner change the allowed host names', async () => {
    const { code } = await app.invoke('auth.createPairingCode', { name: 'Pack 1', role: 'packer' });
    const { token } = await app.invoke('auth.pair', { code });
    const res = await fetch(`${server.url}/api/stationAccess.update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ allowedHosts: ['evil.example'] }),
    });
    expect(res.status).toBe(403);
    expect((await app.invoke('stationAccess.get', {})).allowedHosts).toEqual([]);
  });
});
