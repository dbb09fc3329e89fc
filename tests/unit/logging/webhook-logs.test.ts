import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { WebhookLog } from '../../../main/domain/orders/webhook-log';
import { closeLogging, configureLogging } from '../../../main/logging/logger';
import { tempApp } from '../../helpers/temp-app';

let app: Awaited<ReturnType<typeof tempApp>> | undefined;
afterEach(async () => {
  closeLogging();
  await app?.cleanup();
});

describe('webhook lines in the log', () => {
  it('are bounded as the webhook log is: a flood of refused deliveries is 20 lines and one summary a minute', async () => {
    // A fixed clock: the flood stays inside one minute.
    app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T15:00:10Z')) });
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'whsec-test-1' });
    const file = configureLogging({ dir: path.join(app.dir, 'logs') });
    const webhookLog = new WebhookLog({ store: app.store, clock: app.clock, events: app.events, lanMode: false });
    await webhookLog.record({ channelId: channel.id, topic: 'orders/create', outcome: 'accepted', httpStatus: 200, message: 'order #1001 created', remote: '203.0.113.5' });
    for (let i = 0; i < 500; i++) await webhookLog.record({ channelId: channel.id, topic: 'orders/create', outcome: 'bad_signature', httpStatus: 401, message: 'the signature does not match', remote: '198.51.100.7' });
    await webhookLog.flush();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.module === 'webhooks');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatchObject({ level: 30, channelId: channel.id, outcome: 'accepted', httpStatus: 200, remote: '203.0.113.5' });
    expect(lines[1]).toMatchObject({ level: 40, outcome: 'bad_signature', httpStatus: 401, detail: 'the signature does not match' });
    expect(lines[20]).toMatchObject({ outcome: 'suppressed', detail: expect.stringMatching(/^481 more attempts .*bad_signature ×481/) });
  });
});
