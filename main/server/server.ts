import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { App } from '../app';
import type { Role } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { toAppError } from '../api/registry';
import { bearerToken, readBody, sendError, sendJson } from './http-util';
import { HTTP_ROUTES } from './routes';
import { withSecurityHeaders } from './security';

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

/**
 * The station server: the same API as Electron's IPC over HTTP, server-sent events for live
 * queues, and the built renderer as the browser console.
 */
export async function startStationServer(app: App, options: StationServerOptions = {}): Promise<StationServer> {
  const lan = options.lan ?? false;
  const host = options.host ?? (lan ? '0.0.0.0' : '127.0.0.1');
  const sseClients = new Set<ServerResponse>();

  const unsubscribe = app.events.subscribe((event) => {
    if (sseClients.size === 0) return;
    const frame = `event: app\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  /** Resolves the caller: local owner outside LAN mode, else the station behind the bearer token. */
  function identify(req: IncomingMessage, url: URL): { actor: string; role: Role } | null {
    if (!lan) return { actor: 'owner', role: 'owner' };
    const station = app.services.auth.authenticate(bearerToken(req, url));
    return station ? { actor: `station:${station.name}`, role: station.role } : null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    if (req.method !== 'POST') return sendError(res, { code: 'VALIDATION', message: 'API methods are called with POST' });
    const caller = identify(req, url);
    if (!caller && !app.router.isPublic(method)) {
      req.resume();
      return sendError(res, { code: 'UNAUTHORIZED', message: 'A valid station token is required (Authorization: Bearer ...)' });
    }
    let input: unknown = {};
    try {
      const body = await readBody(req, API_BODY_LIMIT);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      const error = err instanceof SyntaxError ? new AppError('VALIDATION', `Request body is not valid JSON: ${err.message}`) : toAppError(err);
      return sendError(res, error.toJSON());
    }
    const result = await app.call(method, input, { ...(caller ?? { actor: 'anonymous', role: 'picker' }), transport: 'http' });
    if (result.ok) sendJson(res, 200, { data: result.data });
    else sendError(res, result.error);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!identify(req, url)) return sendError(res, { code: 'UNAUTHORIZED', message: 'A valid station token is required' });
    res.writeHead(200, withSecurityHeaders({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' }));
    res.write(': connected\n\n');
    sseClients.add(res);
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      sseClients.delete(res);
    });
  }

  function serveStatic(res: ServerResponse, url: URL): void {
    const root = options.rendererDir;
    if (!root || !existsSync(path.join(root, 'index.html'))) {
      res.writeHead(503, withSecurityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }));
      res.end('The console is not built. Run `npm run build` first.');
      return;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.normalize(path.join(root, rel));
    if (!file.startsWith(path.normalize(root + path.sep)) || !existsSync(file) || !statSync(file).isFile()) {
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
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://station');
    const route = HTTP_ROUTES.find((r) => r.method === req.method && url.pathname.startsWith(r.prefix));
    const work = route
      ? route.handle(app, req, res, url)
      : url.pathname === '/api/events'
        ? Promise.resolve(handleEvents(req, res, url))
        : url.pathname.startsWith('/api/')
          ? handleApi(req, res, url)
          : Promise.resolve(serveStatic(res, url));
    work.catch((err) => {
      if (!res.headersSent) sendError(res, toAppError(err, url.pathname).toJSON());
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4870, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  return {
    server,
    url,
    port,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
