import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { tempApp } from '../../helpers/temp-app';
import { expectSecurityHeaders, rawRequest } from './raw-http';

let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let rendererDir: string;

beforeEach(async () => {
  app = await tempApp();
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Shipshape</title>');
  server = await startStationServer(app, { port: 0, rendererDir });
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
  rmSync(rendererDir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${server.port}`;

/** The server is still up and answering: a plain API call after the bad request. */
async function expectStillServing() {
  const res = await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
}

describe('malformed requests are answered with a 4xx and the security headers, and the server keeps serving', () => {
  const cases: [string, (h: string) => string][] = [
    ['GET /%zz (not percent-encoding)', (h) => `GET /%zz HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['GET // (an empty authority if resolved as a URL)', (h) => `GET // HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['GET http://a:b@/x (absolute-form with credentials and no host)', (h) => `GET http://a:b@/x HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['POST /api/%E0 (a broken UTF-8 escape in the method name)', (h) => `POST /api/%E0 HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
    ['GET /assets/%00.js (a NUL byte)', (h) => `GET /assets/%00.js HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['OPTIONS * (asterisk-form)', (h) => `OPTIONS * HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['garbage in the request line (Node parser: clientError)', () => `GET /a b c d\r\n\r\n`],
    ['a header without a colon (clientError)', (h) => `GET / HTTP/1.1\r\nHost: ${h}\r\nno colon here\r\n\r\n`],
    ['a request without Host', () => `GET / HTTP/1.1\r\n\r\n`],
    ['a body cut short (the client half-closes mid-body)', (h) => `POST /api/system.info HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`],
    ['CONNECT', (h) => `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: ${h}\r\n\r\n`],
    ['Expect other than 100-continue', (h) => `POST /api/system.info HTTP/1.1\r\nHost: ${h}\r\nExpect: something\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
    ['oversized headers (431 from the parser)', (h) => `GET / HTTP/1.1\r\nHost: ${h}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ];
  for (const [name, request] of cases) {
    it(name, async () => {
      const answer = await rawRequest(server.port, request(host()));
      expect(answer, 'an answer, not a closed connection').not.toBeNull();
      expect(answer!.status).toBeGreaterThanOrEqual(400);
      expect(answer!.status).toBeLessThan(500);
      expectSecurityHeaders(answer!);
      await expectStillServing();
    });
  }

  it('answers the same malformed requests on one keep-alive connection after a good one', async () => {
    const good = `GET / HTTP/1.1\r\nHost: ${host()}\r\n\r\n`;
    const answer = await rawRequest(server.port, good, { halfClose: false });
    expect(answer!.status).toBe(200);
    expect((await rawRequest(server.port, `GET /%zz HTTP/1.1\r\nHost: ${host()}\r\n\r\n`))!.status).toBe(400);
    await expectStillServing();
  });
});
