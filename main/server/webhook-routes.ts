import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app';
import { HttpError, readBody, sendHttpError, sendJson } from './http-util';
import type { HttpRoute } from './routes';

const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Channel webhooks over HTTP: POST /webhooks/<shopify|woocommerce>/<channel key>. This adapter only
 * reads the body (bounded) and writes the answer; verifying, parsing and processing a delivery is the
 * orders domain's (main/domain/orders/webhooks.ts), which knows nothing of HTTP.
 */
export const webhookRoute: HttpRoute = {
  method: 'POST',
  prefix: '/webhooks/',
  async handle(app: App, req: IncomingMessage, res: ServerResponse, url: URL) {
    const [, , kind, key] = url.pathname.split('/');
    const delivery = await app.services.orders.openWebhookDelivery({ kind, key, headers: req.headers, remoteAddress: req.socket.remoteAddress ?? null });
    if (!delivery) {
      req.resume();
      return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Unknown webhook address' } });
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, WEBHOOK_BODY_LIMIT);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      await delivery.bodyRefused(err.status, err.message);
      return sendHttpError(res, err);
    }
    const answer = await delivery.receive(raw);
    sendJson(res, answer.status, answer.body);
  },
};
