/**
 * The order-intake thread's entry (see intake-thread.ts). It opens its own connection to the same
 * database and runs webhook orders through its own OrderService and group commit, so the main
 * thread's event loop only does HTTP, signatures and parsing. Events it publishes (orders.changed)
 * are passed to the main thread, which forwards them to open screens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openApp } from '../../app';
import type { AppEvent } from '../../../shared/api/contract';
import type { IntakeReply, IntakeRequest } from './intake-thread';

const port = parentPort!;
const app = await openApp({ dbPath: (workerData as { dbPath: string }).dbPath });
// Events go over in one message per turn of the event loop (a group of orders), not one per order.
let buffered: AppEvent[] = [];
app.events.subscribe((event) => {
  if (buffered.push(event) > 1) return;
  setImmediate(() => {
    port.postMessage({ type: 'events', events: buffered } satisfies IntakeReply);
    buffered = [];
  });
});

port.on('message', (message: IntakeRequest) => {
  if (message.type === 'close') {
    void app.close().then(() => port.postMessage({ type: 'closed' } satisfies IntakeReply));
    return;
  }
  app.services.orders.ingestGrouped(message.channel, message.order, message.actor).then(
    (value) => port.postMessage({ type: 'result', id: message.id, ok: true, value } satisfies IntakeReply),
    (error: unknown) => {
      const e = error as { code?: string; message?: string };
      port.postMessage({ type: 'result', id: message.id, ok: false, error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(error) } } satisfies IntakeReply);
    },
  );
});
port.postMessage({ type: 'ready' } satisfies IntakeReply);
