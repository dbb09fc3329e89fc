import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, HTTP_STATUS, type ApiErrorBody } from '../../shared/errors';
import { withSecurityHeaders } from './security';

/** Reads a request body up to `limit` bytes; the raw bytes matter for webhook signatures. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new AppError('VALIDATION', `Request body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // A declared length (not chunked) lets the head and body leave in one write.
  res.writeHead(status, withSecurityHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) }));
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiErrorBody): void {
  sendJson(res, HTTP_STATUS[error.code] ?? 500, { error });
}

export function bearerToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // EventSource cannot set headers; the events stream alone accepts the token as a query parameter.
  return url.pathname === '/api/events' ? (url.searchParams.get('token') ?? undefined) : undefined;
}
