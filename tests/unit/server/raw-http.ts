import net from 'node:net';
import { expect } from 'vitest';
import { SECURITY_HEADERS } from '../../../main/server/security';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends raw bytes on a fresh TCP connection (no HTTP client to tidy them up) and reads the first answer: its status line and headers, and the body when it is complete. Resolves
 * null when the server closed without answering.
 */
export function rawRequest(port: number, bytes: string | Buffer, opts: { timeoutMs?: number; halfClose?: boolean; halfCloseAfterMs?: number } = {}): Promise<RawAnswer | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let settled = false;
    const done = (answer: RawAnswer | null, err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer);
    };
    const timer = setTimeout(() => done(null, new Error(`no answer within ${opts.timeoutMs ?? 10_000} ms to ${JSON.stringify(bytes.toString().slice(0, 200))}`)), opts.timeoutMs ?? 10_000);
    const parse = (final: boolean) => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return final ? done(null) : undefined;
      const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const body = data.subarray(end + 4);
      // "100 Continue" is an interim answer (to Expect: 100-continue); the real one follows.
      if (status === 100) {
        data = body;
        return parse(final);
      }
      const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
      // An event stream never ends: the head is the answer.
      if (final || length === undefined || body.length >= length) done({ status, headers, body: body.subarray(0, length).toString('utf8') });
    };
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      parse(false);
    });
    socket.on('end', () => parse(true));
    socket.on('close', () => parse(true));
    socket.on('error', () => parse(true));
    // A complete request is answered while the connection stays open (Node drops a half-closed
    // client's connection before a slow answer); an incomplete one gets its answer once we
    // half-close, which tells the parser no more bytes are coming.
    let halfClose: NodeJS.Timeout | undefined;
    socket.write(bytes, () => {
      if (opts.halfClose === false) return;
      // A request that is plainly complete waits longer before the half-close: its answer may be
      // slow on a loaded machine (a database round trip), and Node would drop it then.
      halfClose = setTimeout(() => socket.end(), opts.halfCloseAfterMs ?? (plainlyComplete(bytes) ? 5000 : 300));
    });
    socket.on('close', () => clearTimeout(halfClose));
  });
}

/** A head that ended, no Transfer-Encoding, at most one Content-Length and exactly that many body bytes. */
function plainlyComplete(bytes: string | Buffer): boolean {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n').slice(1);
  const named = (name: string) => lines.filter((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase() === name).map((l) => l.slice(l.indexOf(':') + 1).trim());
  if (named('transfer-encoding').length > 0) return false;
  const lengths = named('content-length');
  if (lengths.length > 1 || (lengths.length === 1 && !/^\d+$/.test(lengths[0]))) return false;
  return data.length - (end + 4) === Number(lengths[0] ?? 0);
}

/** Every security header of main/server/security.ts, with its value. */
export function expectSecurityHeaders(answer: RawAnswer | { headers: Headers }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    const got = answer.headers instanceof Headers ? answer.headers.get(name) : (answer as RawAnswer).headers[name.toLowerCase()];
    expect(got, name).toBe(value);
  }
}

export function missingSecurityHeaders(answer: RawAnswer): string[] {
  return Object.entries(SECURITY_HEADERS)
    .filter(([name, value]) => answer.headers[name.toLowerCase()] !== value)
    .map(([name]) => name);
}
