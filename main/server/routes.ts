import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app';
import { webhookRoute } from '../domain/orders/webhooks';

/**
 * Extra HTTP routes a domain adds to the station server (e.g. channel webhooks, which are
 * authenticated by their own signatures rather than station tokens).
 */
export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Path prefix, e.g. '/webhooks/'. */
  prefix: string;
  handle(app: App, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export const HTTP_ROUTES: HttpRoute[] = [webhookRoute];
