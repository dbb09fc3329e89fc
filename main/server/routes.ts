import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app';
import { webhookRoute } from './webhook-routes';

/**
 * Extra HTTP routes of the station server beside the API (channel webhooks, which are
 * authenticated by their own signatures rather than station tokens). Each is a thin adapter
 * over a domain entry point; the domain never sees HTTP (an ESLint boundary rule keeps it so).
 */
export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Path prefix, e.g. '/webhooks/'. */
  prefix: string;
  handle(app: App, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export const HTTP_ROUTES: HttpRoute[] = [webhookRoute];
