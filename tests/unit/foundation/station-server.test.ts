import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { onPostgres, tempApp } from '../../helpers/temp-app';

async function post(server: StationServer, method: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; error?: any } };
}

describe('station server (loopback)', () => {
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

  it('binds to 127.0.0.1 and serves the API', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(server, 'system.info', {});
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Shipshape', transport: 'http' });
    // The status names the engine the server runs on (a postgres:// --db runs it on PostgreSQL).
    expect(res.body.data.databaseEngine).toBe(onPostgres ? 'postgres' : 'sqlite');
  });

  it('answers a wrong-typed field with 400 VALIDATION and the field path, writing nothing', async () => {
    const res = await post(server, 'auth.createPairingCode', { name: 'A', role: 'janitor' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details.issues[0].path).toBe('role');
    expect((await app.store.raw<{ n: number }>('select count(*) n from pairing_code'))[0].n).toBe(0);
  });

  it('answers an unknown method and bad JSON with typed errors', async () => {
    expect((await post(server, 'nope.nothing', {})).body.error.code).toBe('UNKNOWN_METHOD');
    const bad = await post(server, 'system.info', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('sets a strict CSP and the other security headers on every kind of response', async () => {
    const controller = new AbortController();
    const responses = [
      await fetch(`${server.url}/`), // the console (not built here: 503)
      await fetch(`${server.url}/assets/nothing.js`),
      await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
      await fetch(`${server.url}/api/nope.nothing`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
      await fetch(`${server.url}/api/system.info`, { method: 'POST', body: '{}' }), // text/plain: 415
      await fetch(`${server.url}/webhooks/shopify/no-such-channel`, { method: 'POST', body: '{}' }),
      await fetch(`${server.url}/api/events`, { signal: controller.signal }),
    ];
    controller.abort();
    expect(responses.map((r) => r.status)).toEqual([503, 503, 200, 404, 415, 404, 200]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('serves the built console with the CSP', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Shipshape</title>');
    const consoleServer = await startStationServer(app, { port: 0, rendererDir: dir });
    try {
      const res = await fetch(`${consoleServer.url}/orders`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Shipshape</title>');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await consoleServer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams events as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    app.events.publish('orders.changed', { id: 7 });
    let text = '';
    while (!text.includes('orders.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"id":7');
    controller.abort();
  });
});

describe('station server in LAN mode', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let server: StationServer;
  beforeEach(async () => {
    app = await tempApp({ lanMode: true });
    server = await startStationServer(app, { port: 0, lan: true });
  });
  afterEach(async () => {
    await server.close();
    await app.cleanup();
  });

  it('requires a valid, unrevoked station token on every request', async () => {
    expect((await post(server, 'system.info', {})).status).toBe(401);
    expect((await post(server, 'system.info', {}, 'ss_wrong')).status).toBe(401);
    const events = await fetch(`${server.url}/api/events`);
    expect(events.status).toBe(401);

    const { code } = await app.invoke('auth.createPairingCode', { name: 'Pack 1', role: 'packer' });
    const paired = await post(server, 'auth.pair', { code });
    expect(paired.status).toBe(200);
    const token = paired.body.data.token as string;
    expect((await post(server, 'system.info', {}, token)).status).toBe(200);
    // A packer may not manage tokens.
    expect((await post(server, 'auth.listTokens', {}, token)).status).toBe(403);

    const [row] = await app.invoke('auth.listTokens', {});
    await app.invoke('auth.revokeToken', { id: row.id });
    expect((await post(server, 'system.info', {}, token)).status).toBe(401);
  });
});
