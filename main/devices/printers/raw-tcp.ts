import net from 'node:net';

/**
 * Raw TCP printing ("port 9100", Zebra and Epson network printers). A job only counts as
 * delivered once every byte is flushed and both sides closed the connection cleanly; the print
 * queue relies on that to decide between "sent" and "retry".
 */

export type PrinterErrorKind = 'bad_uri' | 'refused' | 'timeout' | 'unreachable' | 'reset' | 'closed_early' | 'other';

export class PrinterConnectionError extends Error {
  constructor(
    public readonly kind: PrinterErrorKind,
    public readonly uri: string,
    message: string,
    public readonly causeCode?: string,
  ) {
    super(message);
    this.name = 'PrinterConnectionError';
  }

  /** Everything except a malformed address may succeed on the next attempt. */
  get retryable(): boolean {
    return this.kind !== 'bad_uri';
  }
}

export interface TcpPrinterAddress {
  host: string;
  port: number;
}

export const DEFAULT_RAW_PORT = 9100;
const URI_PATTERN = /^tcp:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d{1,5}))?\/?$/i;

export function parsePrinterUri(uri: string): TcpPrinterAddress {
  const match = URI_PATTERN.exec(uri.trim());
  const port = match?.[2] === undefined ? DEFAULT_RAW_PORT : Number(match[2]);
  if (!match || port < 1 || port > 65535) {
    throw new PrinterConnectionError('bad_uri', uri, `Printer address "${uri}" is not tcp://host[:port]`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function describeSocketError(uri: string, error: NodeJS.ErrnoException): PrinterConnectionError {
  const where = uri.replace(/^tcp:\/\//i, '');
  switch (error.code) {
    case 'ECONNREFUSED':
      return new PrinterConnectionError('refused', uri, `Printer at ${where} refused the connection: it is off, busy with another host, or not listening on that port`, error.code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PrinterConnectionError('unreachable', uri, `Printer at ${where} cannot be reached (${error.code}): check its IP address and network cable`, error.code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new PrinterConnectionError('reset', uri, `Printer at ${where} dropped the connection mid-job (${error.code}); the job will be resent`, error.code);
    default:
      return new PrinterConnectionError('other', uri, `Printer at ${where} failed: ${error.message}`, error.code);
  }
}

export interface RawExchangeOptions {
  timeoutMs?: number;
  /** When given, the reply is collected until this says it is complete, then the connection closes. */
  isReplyComplete?: (reply: Buffer) => boolean;
}

/**
 * Opens a connection, writes the bytes, half-closes and waits for the printer to close too.
 * The timeout covers the whole exchange, not just idle time, so a printer that accepts the
 * connection but never reads cannot hang the queue.
 */
export function exchangeRaw(uri: string, bytes: Uint8Array | string, options: RawExchangeOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let address: TcpPrinterAddress;
  try {
    address = parsePrinterUri(uri);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let replyComplete = !options.isReplyComplete;
    const socket = net.createConnection({ host: address.host, port: address.port });

    const fail = (error: PrinterConnectionError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      const where = `${address.host}:${address.port}`;
      const phase = socket.connecting ? 'connecting to' : options.isReplyComplete && !replyComplete ? 'waiting for a reply from' : 'sending to';
      fail(new PrinterConnectionError('timeout', uri, `Timed out after ${timeoutMs} ms ${phase} printer at ${where}`));
    }, timeoutMs);

    socket.on('connect', () => {
      socket.write(bytes);
      // Without a reply to wait for we can half-close at once; the printer then sees EOF and closes.
      if (!options.isReplyComplete) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!replyComplete && options.isReplyComplete?.(Buffer.concat(chunks))) {
        replyComplete = true;
        socket.end();
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => fail(describeSocketError(uri, error)));
    socket.on('close', (hadError) => {
      if (settled || hadError) return;
      if (!socket.writableFinished) {
        fail(new PrinterConnectionError('closed_early', uri, `Printer at ${address.host}:${address.port} closed the connection before the whole job was sent`));
        return;
      }
      if (!replyComplete) {
        fail(new PrinterConnectionError('closed_early', uri, `Printer at ${address.host}:${address.port} closed the connection before replying`));
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

export interface SendRawOptions {
  timeoutMs?: number;
}

export async function sendRaw(uri: string, bytes: Uint8Array | string, options: SendRawOptions = {}): Promise<void> {
  await exchangeRaw(uri, bytes, { timeoutMs: options.timeoutMs });
}
