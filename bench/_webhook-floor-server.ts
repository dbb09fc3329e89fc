import { detached } from '../main/util/detached';
// For bench/orders.ts: the flash sale's floor on this machine. A bare node:http server that does
// what the station server does for a webhook before the database — read the body, verify the
// HMAC, parse the Shopify order — and answers. Prints its URL on stdout.
import http from 'node:http';
import { parseShopifyOrderWebhook, verifyWebhookSignature } from '../main/domain/orders/intake/index';
import { readBody, sendJson } from '../main/server/http-util';

const secret = process.argv[2] ?? 'flash_secret_1';
const server = http.createServer(detached('_webhook-floor-server event handler', async (req: http.IncomingMessage, res: http.ServerResponse) => {
  const raw = await readBody(req, 5 * 1024 * 1024);
  if (!verifyWebhookSignature(raw, req.headers['x-shopify-hmac-sha256'], [secret])) return sendJson(res, 401, { error: 'signature' });
  const parsed = parseShopifyOrderWebhook(raw, 'orders/create');
  if (!parsed.ok) return sendJson(res, 400, { error: 'malformed' });
  sendJson(res, 200, { ok: true, outcome: 'created', orderId: 0, status: 'backordered' });
}));
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => process.exit(0));
