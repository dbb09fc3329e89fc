import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { tempApp } from '../../helpers/temp-app';
import { missingSecurityHeaders, rawRequest, type RawAnswer } from './raw-http';

const REQUESTS = 10_000;
const PARALLEL = 32;

let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let rendererDir: string;

beforeAll(async () => {
  app = await tempApp();
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Shipshape</title>');
  server = await startStationServer(app, { port: 0, rendererDir });
  await app.invoke('catalog.upsert', { sku: 'FUZZ-1', name: 'Fuzz' });
  await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'fuzz_secret_123' });
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** Raw HTTP/1.x requests: mostly well-framed around hostile parts, some plain garbage. */
function requestArbitrary(port: number, webhookPath: string): fc.Arbitrary<Buffer> {
  const word = fc.string({ unit: fc.constantFrom(...'abcz019.-_~'.split('')), minLength: 0, maxLength: 8 });
  const escape = fc.oneof(
    fc.constantFrom('%zz', '%E0', '%00', '%2F', '%2e%2e', '%C0%AF', '%', '%%', '%ff%fe', '%0d%0a', '%u0041'),
    fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
  );
  const segment = fc.oneof(word, escape, fc.constantFrom('..', '.', '', 'api', 'events', 'assets', 'webhooks', 'shopify', 'woocommerce', 'system.info', 'stock.adjust', 'catalog.import', 'orders.import', 'stationAccess.update', 'index.html', 'x.js', 'ü', '\u2028', '<script>'));
  const pathArb = fc.oneof(
    fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`),
    fc.tuple(fc.constantFrom('/api/', '/webhooks/shopify/', '/webhooks/woocommerce/', '/assets/', webhookPath + '/', '/api/events'), fc.array(fc.oneof(segment, escape), { maxLength: 3 })).map(([p, s]) => p + s.join('')),
    fc.constantFrom('//', '///x', '*', 'http://a:b@/x', 'http://evil.example/api/system.info', '/api/%E0', '/%zz', '', ' ', '/?', '/#x', '/api/system.info?token=%zz', webhookPath),
    fc.string({ maxLength: 30 }).map((s) => `/${s}`),
  );
  const query = fc.oneof(fc.constant(''), fc.array(fc.tuple(word, fc.oneof(word, escape)), { maxLength: 3 }).map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join('&')}`), fc.constantFrom('?format=csv', '?format=csv&skipBadRows=true', '?channel=1&format=csv'));
  const method = fc.oneof(fc.constantFrom('GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'CONNECT', 'get', 'FOO', ''), word);
  const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/x', '');
  const hostHeader = fc.constantFrom(`127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'evil.example', `evil.example:${port}`, '127.0.0.1', '', ' ', `127.0.0.1:${port}, evil.example`, '%zz', '[::1', null);
  const headerValue = fc.oneof(word, fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', 'a\rb', '\u00ff', 'é'));
  const optionalHeader = fc.oneof(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/csv', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'APPLICATION/JSON', ';', '').map((v) => `Content-Type: ${v}`),
    fc.constantFrom('http://evil.example', `http://127.0.0.1:${port}`, 'null', 'file://', `http://localhost:${port}`, '%zz', 'http://a:b@127.0.0.1').map((v) => `Origin: ${v}`),
    fc.constantFrom('Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: identity', 'Expect: 100-continue', 'Expect: x', 'Connection: upgrade\r\nUpgrade: websocket', 'Connection: keep-alive', 'Authorization: Bearer ss_x', 'Authorization: %zz', 'X-Shopify-Hmac-Sha256: AAAA', 'X-Shopify-Topic: orders/create'),
    fc.tuple(fc.constantFrom('X-Random', 'Cookie', 'Range', 'If-None-Match', 'X-Forwarded-Host', 'Bad Header', 'Ä', ''), headerValue).map(([k, v]) => `${k}: ${v}`),
  );
  const body = fc.oneof(fc.constant(''), fc.constant('{}'), fc.json({ maxDepth: 2 }), fc.string({ maxLength: 200 }), fc.constantFrom('{"sku":"FUZZ-1","quantity":5}', 'sku,name\nA,B\n', '{not json', '\u0000\u0001', '0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n'));
  const lengthMode = fc.constantFrom('exact', 'exact', 'exact', 'none', 'short', 'long', 'negative', 'double', 'huge');
  const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\r\n', '\n');
  const framed = fc.record({ method, path: pathArb, query, version, host: hostHeader, headers: fc.array(optionalHeader, { maxLength: 4 }), body, lengthMode, eol }).map((r) => {
    const bodyBytes = Buffer.from(r.body, 'utf8');
    const lines = [`${r.method} ${r.path}${r.query} ${r.version}`.trimEnd()];
    if (r.host !== null) lines.push(`Host: ${r.host}`);
    lines.push(...r.headers);
    const n = bodyBytes.length;
    const length = { exact: `${n}`, short: `${Math.max(0, n - 1)}`, long: `${n + 5}`, negative: '-1', double: `${n}\r\nContent-Length: ${n + 1}`, huge: '99999999999999999999', none: null }[r.lengthMode as string];
    if (length !== null && length !== undefined) lines.push(`Content-Length: ${length}`);
    return Buffer.concat([Buffer.from(lines.join(r.eol) + r.eol + r.eol, 'utf8'), bodyBytes]);
  });
  const garbage = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)), fc.string({ maxLength: 200 }).map((s) => Buffer.from(`${s}\r\n\r\n`)));
  return fc.oneof({ arbitrary: framed, weight: 9 }, { arbitrary: garbage, weight: 1 });
}

describe('fuzz: raw requests over a socket', () => {
  it(`answers ${REQUESTS.toLocaleString('en')} random requests with no 5xx, always with the security headers, and keeps serving`, async () => {
    const webhookPath = (await app.invoke('channels.list', {}))[0].webhookPath;
    const requests = fc.sample(requestArbitrary(server.port, webhookPath), { numRuns: REQUESTS, seed: 20_261_102 });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let answered = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        let answer: RawAnswer | null;
        try {
          answer = await rawRequest(server.port, request, { timeoutMs: 15_000 });
        } catch (err) {
          problems.push(`${(err as Error).message}`);
          continue;
        }
        const shown = JSON.stringify(request.toString("latin1").slice(0, 400));
        // Blank lines before a request line are skipped (RFC 9112 §2.2): no request, nothing to answer.
        if (!answer && request.toString('latin1').trim() === '') continue;
        if (!answer) {
          problems.push(`no answer: ${shown}`);
          continue;
        }
        answered++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500 || answer.status < 100) problems.push(`${answer.status} ${answer.body.slice(0, 120)}: ${shown}`);
        const missing = missingSecurityHeaders(answer);
        if (missing.length) problems.push(`${answer.status} without ${missing.join(', ')}: ${shown}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(answered).toBeGreaterThan(REQUESTS * 0.98);
    // Still the same server, still serving.
    expect(server.server.listening).toBe(true);
    const res = await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    // Refusals dominate, but the well-formed share reaches real handlers too.
    expect([...statuses.keys()].some((s) => s === 200)).toBe(true);
  }, 300_000);
});
