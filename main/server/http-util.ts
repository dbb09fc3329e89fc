import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { AppError, HTTP_STATUS, type ApiErrorBody, type ErrorCode } from '../../shared/errors';
import { SECURITY_HEADERS, withSecurityHeaders } from './security';

/**
 * A refusal at the HTTP level (wrong Host, wrong Content-Type, body too large, ...): its own status,
 * the usual `{ error: { code, message } }` body. `close` ends the connection after the answer (used
 * when the rest of a request body is not going to be read).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly close = false,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * How much of an oversized body is read and thrown away so the client, which is usually still
 * sending, reads our 413 instead of a connection reset. Past this the connection is closed after
 * the answer.
 */
export const DISCARD_LIMIT = 64 * 1024 * 1024;

export function bodyTooLarge(limit: number, close = false): HttpError {
  return new HttpError(413, 'VALIDATION', `Request body is larger than ${limit} bytes`, close);
}

/** The client went away (or stopped) before its body ended: not our error, nothing to log. */
export function bodyCutOff(): HttpError {
  return new HttpError(400, 'VALIDATION', 'The request body ended before its declared length', true);
}

/**
 * Reads a request body up to `limit` bytes; the raw bytes matter for webhook signatures. An oversized
 * body is not buffered: the rest is read and dropped, then the promise rejects with a 413 HttpError,
 * so the answer reaches a client that sends its whole body before it reads (most do).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit + DISCARD_LIMIT) {
      req.resume();
      return reject(bodyTooLarge(limit, true));
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (overflow) {
        if (size > limit + DISCARD_LIMIT) {
          req.removeAllListeners('data');
          req.removeAllListeners('end');
          reject(bodyTooLarge(limit, true));
        }
        return;
      }
      if (size > limit) {
        overflow = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (overflow ? reject(bodyTooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', () => reject(bodyCutOff()));
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  // A declared length (not chunked) lets the head and body leave in one write.
  res.writeHead(status, withSecurityHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...extraHeaders }));
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiErrorBody): void {
  // 503 with Retry-After: a station (or any HTTP client) may send the call again in a few seconds.
  sendJson(res, HTTP_STATUS[error.code] ?? 500, { error }, error.code === 'UNAVAILABLE' ? { 'Retry-After': '5' } : {});
}

export function sendHttpError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.close ? { Connection: 'close' } : {});
}

/** Answers whatever a handler threw: our HTTP refusals with their status, the rest as API errors. */
export function sendThrown(res: ServerResponse, err: unknown, toAppError: (err: unknown) => AppError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (err instanceof HttpError) sendHttpError(res, err);
  else sendError(res, toAppError(err).toJSON());
}

/**
 * A whole response as raw bytes, with the security headers, for the answers written straight to a
 * socket (a request Node's parser refused, CONNECT): there is no ServerResponse for those.
 */
export function rawResponse(status: number, message: string): string {
  const body = JSON.stringify({ error: { code: 'VALIDATION', message } });
  const headers = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n${body}`;
}

/** The media type of a request without its parameters, lower-cased: 'application/json'. */
export function mediaType(req: IncomingMessage): string {
  const value = req.headers['content-type'];
  return value ? value.split(';', 1)[0].trim().toLowerCase() : '';
}

export function bearerToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // EventSource cannot set headers; the events stream alone accepts the token as a query parameter.
  return url.pathname === '/api/events' ? (url.searchParams.get('token') ?? undefined) : undefined;
}
