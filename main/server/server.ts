import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import type { App } from '../app';
import type { Role } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { toAppError } from '../api/registry';
import { HostAllowList } from './host-access';
import { bearerToken, HttpError, mediaType, rawResponse, readBody, sendError, sendJson, sendThrown } from './http-util';
import { HTTP_ROUTES } from './routes';
import { withSecurityHeaders } from './security';
import { handleUpload, isUploadMethod, UPLOAD_MEDIA_TYPES } from './uploads';

export interface StationServerOptions {
  port?: number;
  /** LAN mode: bind all interfaces and require a station token on every API request. */
  lan?: boolean;
  /** Folder of the built renderer (out/renderer). */
  rendererDir?: string;
  host?: string;
}

export interface StationServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const API_BODY_LIMIT = 5 * 1024 * 1024;
/** Method names are `domain.verb`; anything else is not one of ours (and is never decoded). */
const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

/**
 * The status Node's parser error gets when it refuses a request before we see it; the answer is
 * written to the socket by us so that it too carries the security headers.
 */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 408;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  return 400;
}

/**
 * The station server: the same API as Electron's IPC over HTTP, server-sent events for live
 * queues, and the built renderer as the browser console. Every request, however malformed, is
 * answered (4xx for anything we refuse) with the security headers, and never stops the server.
 */
export async function startStationServer(app: App, options: StationServerOptions = {}): Promise<StationServer> {
  const lan = options.lan ?? false;
  const host = options.host ?? (lan ? '0.0.0.0' : '127.0.0.1');
  const sseClients = new Set<ServerResponse>();
  let hosts: HostAllowList | undefined;

  const unsubscribe = app.events.subscribe((event) => {
    if (sseClients.size === 0) return;
    const frame = `event: app\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  /** Resolves the caller: local owner outside LAN mode, else the station behind the bearer token. */
  async function identify(req: IncomingMessage, url: URL): Promise<{ actor: string; role: Role } | null> {
    if (!lan) return { actor: 'owner', role: 'owner' };
    const station = await app.services.auth.authenticate(bearerToken(req, url));
    return station ? { actor: `station:${station.name}`, role: station.role } : null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'VALIDATION', 'API methods are called with POST');
    const method = url.pathname.slice('/api/'.length);
    if (!METHOD_NAME.test(method)) throw new AppError('UNKNOWN_METHOD', 'Unknown API method', { method: method.slice(0, 100) });
    // Only JSON (or, for file imports, a file type): none of these is a type an HTML form or a
    // `no-cors` fetch can send, so another site's page cannot reach the API even without a token.
    const type = mediaType(req);
    const upload = UPLOAD_MEDIA_TYPES.has(type) && isUploadMethod(method);
    if (type !== 'application/json' && !upload) {
      throw new HttpError(415, 'VALIDATION', `API calls must be sent as Content-Type: application/json${isUploadMethod(method) ? ' (or the file as text/csv or application/octet-stream)' : ''}`);
    }
    const caller = await identify(req, url);
    if (!caller && !app.router.isPublic(method)) {
      req.resume();
      return sendError(res, { code: 'UNAUTHORIZED', message: 'A valid station token is required (Authorization: Bearer ...)' });
    }
    if (upload) return handleUpload(app, req, res, url, method, caller ?? { actor: 'anonymous', role: 'picker' });
    let input: unknown = {};
    try {
      const body = await readBody(req, API_BODY_LIMIT);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      if (err instanceof SyntaxError) throw new AppError('VALIDATION', `Request body is not valid JSON: ${err.message}`);
      throw err;
    }
    const result = await app.call(method, input, { ...(caller ?? { actor: 'anonymous', role: 'picker' }), transport: 'http' });
    if (result.ok) sendJson(res, 200, { data: result.data });
    else sendError(res, result.error);
  }

  async function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') throw new HttpError(405, 'VALIDATION', 'The event stream is read with GET');
    if (!await identify(req, url)) return sendError(res, { code: 'UNAUTHORIZED', message: 'A valid station token is required' });
    res.writeHead(200, withSecurityHeaders({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' }));
    res.write(': connected\n\n');
    sseClients.add(res);
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      sseClients.delete(res);
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'VALIDATION', 'Only GET and HEAD are answered here');
    req.resume();
    const root = options.rendererDir;
    if (!root || !existsSync(path.join(root, 'index.html'))) {
      res.writeHead(503, withSecurityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }));
      res.end('The console is not built. Run `npm run build` first.');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      throw new HttpError(400, 'VALIDATION', 'The path is not valid percent-encoding');
    }
    if (rel.includes('\0')) throw new HttpError(400, 'VALIDATION', 'The path contains a NUL byte');
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.normalize(path.join(root, rel));
    if (!file.startsWith(path.normalize(root + path.sep)) || !existsSync(file) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, withSecurityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }));
      res.end('Not found');
      return;
    }
    const immutable = rel.startsWith('/assets/');
    res.writeHead(
      200,
      withSecurityHeaders({
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      }),
    );
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Node's parser also accepts HTTP/0.9-style request lines (no version); we speak 1.0 and 1.1.
    if (req.httpVersionMajor !== 1) throw new HttpError(400, 'VALIDATION', 'Only HTTP/1.0 and HTTP/1.1 are supported');
    const target = req.url ?? '';
    // Only origin-form targets ("/path?query"): not "*", not "http://a:b@/x", never resolved
    // against a base (where "//host/x" would become another host's "/x").
    if (!target.startsWith('/')) throw new HttpError(400, 'VALIDATION', 'The request target must be a path');
    let url: URL;
    try {
      url = new URL(`http://station${target}`);
    } catch {
      throw new HttpError(400, 'VALIDATION', 'The request target is not a valid path');
    }
    // An empty segment ("//") is no path of ours, and browsers and proxies read "//x" as a host.
    if (url.pathname.includes('//')) throw new HttpError(400, 'VALIDATION', 'The path has an empty segment (//)');
    // Webhooks carry their own signatures and often arrive through a tunnel or proxy under another
    // name: no Host/Origin check. Everything else answers only to our own names.
    const webhook = HTTP_ROUTES.find((r) => r.method === req.method && url.pathname.startsWith(r.prefix));
    if (webhook) return webhook.handle(app, req, res, url);
    await hosts!.check(req);
    if (url.pathname === '/api/events') return await handleEvents(req, res, url);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    return serveStatic(req, res, url);
  }

  // Node would answer a request without Host itself, without our headers; the allow-list refuses it.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const fail = (err: unknown) => {
      // Whatever was not read of a refused request is drained, so the answer is read, not reset.
      if (!req.complete) req.resume();
      sendThrown(res, err, (e) => toAppError(e, req.url?.slice(0, 200)));
    };
    route(req, res).catch(fail);
  });
  server.keepAliveTimeout = 65_000;
  // Requests Node's parser refuses (bad request line, bad headers, oversized head, timeouts) never
  // reach the handler: answer them here, with the security headers, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: answer unless part of an earlier response is already on the wire
    // (a second head would corrupt it); a response still being prepared is cut off by the close.
    const inFlight = (socket as Duplex & { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?._headerSent) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(err.code);
    socket.end(rawResponse(status, status === 408 ? 'The request took too long' : status === 431 ? 'The request headers are too large' : 'Malformed HTTP request'));
  });
  // CONNECT (proxy tunnels) and unusual Expect headers are answered by Node without our headers otherwise.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawResponse(405, 'CONNECT is not supported'));
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    sendJson(res, 417, { error: { code: 'VALIDATION', message: 'Only "Expect: 100-continue" is supported' } }, { Connection: 'close' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4870, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new HostAllowList(app, port, lan, host);
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  return {
    server,
    url,
    port,
    async close() {
      unsubscribe();
      hosts?.close();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
