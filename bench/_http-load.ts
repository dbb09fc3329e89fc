// A lean HTTP/1.1 load generator for the benchmarks, in the manner of wrk or autocannon: each
// client is one keep-alive TCP connection that writes a request serialised before the clock starts
// and reads the response with a minimal parser. node:http's client costs the load generator more
// CPU per request than the server's own HTTP work, and on a 2-core machine the generator shares
// the cores with the server it measures — so its own cost is kept as small as it can be.
import net from 'node:net';

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  ms: number;
  /** Per-request latency, ms, in completion order. */
  latencies: number[];
  /** Response bodies (JSON text), in completion order. */
  bodies: string[];
}

/** Serialises the POSTs once; the run only writes these bytes. */
export function serialiseRequests(url: string, deliveries: Delivery[]): Buffer[] {
  const target = new URL(url);
  return deliveries.map((d) => {
    const body = Buffer.from(d.body, 'utf8');
    let head = `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n`;
    for (const [name, value] of Object.entries(d.headers)) head += `${name}: ${value}\r\n`;
    return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
  });
}

/**
 * Keep-alive connections to one server, reused from one run of requests to the next — as a
 * channel's webhook sender keeps its connections open — so that a benchmark's warm-up and its
 * measured run go over the same sockets (opening and closing fifty connections between the two
 * made the server's first seconds of the run pay for V8 optimising its connection paths again).
 */
export class LoadClients {
  private readonly sockets: Promise<net.Socket>[];

  constructor(url: string, count: number) {
    const target = new URL(url);
    this.sockets = Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(target.port), target.hostname);
          socket.setNoDelay(true);
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
        }),
    );
  }

  /**
   * Sends every request over the connections concurrently (each sends its next request when the
   * previous answer is complete). Any status other than 200 fails the run. `onResponse` sees each
   * answer as it arrives (a benchmark that acts in the middle of a run, e.g. starts a backup).
   */
  async run(requests: Buffer[], onResponse?: (body: string) => void): Promise<LoadResult> {
    const sockets = await Promise.all(this.sockets);
    const latencies: number[] = [];
    const bodies: string[] = [];
    let next = 0;
    const client = (socket: net.Socket) =>
      new Promise<void>((resolve, reject) => {
        let pending: Buffer = Buffer.alloc(0);
        let started = 0;
        const done = (error?: Error) => {
          socket.off('data', onData).off('error', done).off('close', onClose);
          if (error) reject(error);
          else resolve();
        };
        const onClose = () => done(new Error('the server closed a connection'));
        const send = () => {
          if (next >= requests.length) return done();
          const request = requests[next++];
          started = performance.now();
          socket.write(request);
        };
        const onData = (chunk: Buffer) => {
          pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
          const response = takeResponse(pending);
          if (!response) return;
          pending = pending.subarray(response.consumed);
          latencies.push(performance.now() - started);
          if (response.status !== 200) return done(new Error(`server answered ${response.status}: ${response.body}`));
          bodies.push(response.body);
          onResponse?.(response.body);
          send();
        };
        socket.on('data', onData).on('error', done).on('close', onClose);
        send();
      });
    const t0 = performance.now();
    await Promise.all(sockets.map(client));
    return { ms: performance.now() - t0, latencies, bodies };
  }

  async close(): Promise<void> {
    for (const socket of await Promise.all(this.sockets)) socket.end();
  }
}

/** One complete response at the start of `buf` (Content-Length or chunked), or null if more bytes are needed. */
function takeResponse(buf: Buffer): { status: number; body: string; consumed: number } | null {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  let at = headEnd + 4;
  if (length) {
    const end = at + Number(length[1]);
    return buf.length < end ? null : { status, body: buf.toString('utf8', at, end), consumed: end };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`response without a length: ${head}`);
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    const dataEnd = lineEnd + 2 + size;
    if (buf.length < dataEnd + 2) return null;
    if (size === 0) return { status, body: Buffer.concat(parts).toString('utf8'), consumed: dataEnd + 2 };
    parts.push(buf.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}
