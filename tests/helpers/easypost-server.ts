import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'shipping', 'easypost');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** How the API behaves for the next requests: answer, fail with 503, never answer, or offer no rates. */
export type EasyPostMode = 'normal' | 'down' | 'hang' | 'empty';

/** A ZPL label as the label host would serve it (what the printer must receive unchanged). */
export const BOUGHT_LABEL_ZPL = '^XA^FO50,50^A0N,40,40^FDUSPS PRIORITY 9405500208303109884137^FS^XZ';

/**
 * EasyPost on 127.0.0.1: EasyPost's recorded responses (tests/fixtures/shipping/easypost/) for
 * shipments, buy, refund and trackers, behind HTTP Basic auth with `apiKey`. With `zplLabels` a
 * bought label is ZPL served by this server itself (as EasyPost does for label_format ZPL).
 */
export class FakeEasyPost {
  mode: EasyPostMode = 'normal';
  /** The recorded tracker served for POST /trackers: the parcel in transit, or (later) delivered. */
  tracker: 'tracker-create.json' | 'tracker-delivered.json' = 'tracker-create.json';
  readonly requests: RecordedRequest[] = [];
  private readonly hanging: ServerResponse[] = [];
  private server: Server | null = null;
  private origin = '';

  constructor(
    private readonly apiKey: string,
    /** `extraRates`: more rates offered with the recorded ones (e.g. an international service). */
    private readonly options: { zplLabels?: boolean; extraRates?: Record<string, unknown>[] } = {},
  ) {}

  /** The API base URL (…/v2). */
  get baseUrl(): string {
    return `${this.origin}/v2`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private send(res: ServerResponse, status: number, body: string, type = 'application/json') {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = req.url ?? '';
    this.requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : null });
    // Label files are on the file host, which takes no API key.
    if (req.method === 'GET' && url.startsWith('/files/')) return this.send(res, 200, BOUGHT_LABEL_ZPL, 'application/zpl');
    if (req.headers.authorization !== `Basic ${Buffer.from(`${this.apiKey}:`).toString('base64')}`) return this.send(res, 401, fixture('error-unauthorized.json'));
    if (this.mode === 'down') return this.send(res, 503, JSON.stringify({ error: { code: 'SERVICE.UNAVAILABLE', message: 'Service temporarily unavailable' } }));
    if (this.mode === 'hang') return void this.hanging.push(res);
    if (req.method === 'POST' && url === '/v2/shipments') {
      if (this.mode === 'empty') return this.send(res, 201, JSON.stringify({ ...JSON.parse(fixture('shipment-create.json')), rates: [] }));
      if (this.options.extraRates) {
        const created = JSON.parse(fixture('shipment-create.json'));
        return this.send(res, 201, JSON.stringify({ ...created, rates: [...created.rates, ...this.options.extraRates] }));
      }
      return this.send(res, 201, fixture('shipment-create.json'));
    }
    if (req.method === 'POST' && /^\/v2\/shipments\/shp_[a-z0-9]+\/buy$/.test(url)) {
      if (!this.options.zplLabels) return this.send(res, 200, fixture('shipment-buy.json'));
      const bought = JSON.parse(fixture('shipment-buy.json'));
      bought.postage_label = { ...bought.postage_label, label_file_type: 'application/zpl', label_zpl_url: `${this.origin}/files/postage_label/e8a4b6c.zpl` };
      return this.send(res, 200, JSON.stringify(bought));
    }
    if (req.method === 'POST' && /^\/v2\/shipments\/shp_[a-z0-9]+\/refund$/.test(url)) return this.send(res, 200, fixture('shipment-refund.json'));
    // Address verification: an address on "Nowhere" is one the carrier cannot deliver to.
    if (req.method === 'POST' && url === '/v2/addresses') {
      const street = String((JSON.parse(raw || '{}') as { address?: { street1?: string } }).address?.street1 ?? '');
      return this.send(res, 201, fixture(/nowhere/i.test(street) ? 'address-unverified.json' : 'address-verified.json'));
    }
    if (req.method === 'POST' && url === '/v2/trackers') return this.send(res, 201, fixture(this.tracker));
    this.send(res, 404, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.' } }));
  }
}
