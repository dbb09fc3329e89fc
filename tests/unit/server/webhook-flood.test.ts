import { statSync } from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { WEBHOOK_LOG_LIMITS } from '../../../main/domain/orders/webhook-log';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;

beforeEach(async () => {
  clock.set(new Date('2026-11-02T10:00:00Z'));
  app = await tempApp({ clock });
  server = await startStationServer(app, { port: 0 });
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

const logRows = async () => (await app.store.raw<{ n: number }>('select count(*) as n from webhook_log'))[0].n;
/** What the shop's data takes on disk: the SQLite file (WAL checkpointed into it), or PostgreSQL's tables and indexes. */
const databaseBytes = async () => {
  if (app.store.engine === 'postgres') {
    const [{ n }] = await app.store.raw<{ n: number }>("select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema() and c.relkind = 'r'");
    return n;
  }
  app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const size = (p: string) => statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  return size(app.store.path) + size(`${app.store.path}-wal`);
};

/** `count` old-style log rows written straight to the table (what months of floods would have left). */
async function insertLogRows(count: number, at: string, channelId: number): Promise<void> {
  const row = { at, channel_id: channelId, topic: null, outcome: 'bad_signature', http_status: 401, message: 'old', remote: null };
  await app.store.tx(async () => {
    for (let done = 0; done < count; done += 500) {
      await app.store.run(app.store.kysely.insertInto('webhook_log').values(Array.from({ length: Math.min(500, count - done) }, () => row)));
    }
  });
}

/** `count` POSTs over a few keep-alive connections, as a flood would send them. */
async function flood(count: number, request: (i: number) => { path: string; body: string; headers?: Record<string, string> }): Promise<Map<number, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const { path, body, headers } = request(next++);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}${path}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'X-Shopify-Topic': 'orders/create', ...headers } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(body);
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  agent.destroy();
  return statuses;
}

describe('nobody can grow the database from outside', () => {
  it('stores nothing for 2,000 unsigned posts to random webhook paths, and a bounded log for 2,000 bad signatures', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'shpss_real_secret' });
    const before = await databaseBytes();
    const body = shopifyOrderBody({ id: 1, lines: [{ sku: 'X', quantity: 1 }] });

    const random = await flood(2_000, () => ({ path: `/webhooks/shopify/${randomBytes(12).toString('hex')}`, body }));
    expect(random).toEqual(new Map([[404, 2_000]]));
    expect(await logRows()).toBe(0);

    const longTopic = 'orders/create' + 'x'.repeat(5_000);
    const badSignature = await flood(2_000, (i) => ({ path: channel.webhookPath, body, headers: { 'X-Shopify-Hmac-Sha256': randomBytes(32).toString('base64'), ...(i % 2 ? { 'X-Shopify-Topic': longTopic } : {}) } }));
    expect(badSignature).toEqual(new Map([[401, 2_000]]));
    // One minute's allowance of rows; the rest counted in memory and written as one summary row.
    expect(await logRows()).toBe(WEBHOOK_LOG_LIMITS.rowsPerChannelPerMinute);
    await app.services.orders.webhookLog.flush();
    const rows = await app.store.raw<{ outcome: string; topic: string | null; message: string }>('select outcome, topic, message from webhook_log order by id');
    expect(rows).toHaveLength(WEBHOOK_LOG_LIMITS.rowsPerChannelPerMinute + 1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'suppressed', message: expect.stringMatching(/^1980 more attempts .* \(bad_signature ×1980\)$/) });
    for (const row of rows) expect((row.topic ?? '').length).toBeLessThanOrEqual(WEBHOOK_LOG_LIMITS.topicChars);
    // 4,000 hostile requests, a few pages of growth at most (was: 2,000 rows, 4 MB).
    expect((await databaseBytes()) - before).toBeLessThan(256 * 1024);
  }, 120_000);

  it('logs again in the next minute, and keeps the log within its row and day caps', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'shpss_real_secret' });
    const body = '{}';
    await flood(30, () => ({ path: channel.webhookPath, body }));
    expect(await logRows()).toBe(WEBHOOK_LOG_LIMITS.rowsPerChannelPerMinute);
    clock.advance(60_000);
    await flood(1, () => ({ path: channel.webhookPath, body }));
    // The summary of the last minute, then the new minute's first row.
    expect((await app.store.raw<{ outcome: string }>('select outcome from webhook_log order by id desc limit 2')).map((r) => r.outcome)).toEqual(['bad_signature', 'suppressed']);

    // Rows older than the day cap go at the next prune; so do rows beyond the row cap.
    await insertLogRows(WEBHOOK_LOG_LIMITS.maxRows + 500, '2026-09-01T00:00:00.000Z', channel.id);
    clock.advance(60_000);
    await app.services.orders.webhookLog.prune();
    expect(await logRows()).toBe(WEBHOOK_LOG_LIMITS.rowsPerChannelPerMinute + 2);
    await insertLogRows(WEBHOOK_LOG_LIMITS.maxRows + 500, clock.now().toISOString(), channel.id);
    await app.services.orders.webhookLog.prune();
    expect(await logRows()).toBe(WEBHOOK_LOG_LIMITS.maxRows);
  }, 60_000);
});
