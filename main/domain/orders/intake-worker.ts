/**
 * The order-intake thread's entry (see intake-thread.ts). It opens its own connection to the same
 * database and runs webhook orders through its own OrderService and group commit, so the main
 * thread's event loop only does HTTP, signatures and parsing. Events it publishes (orders.changed)
 * are passed to the main thread, which forwards them to open screens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openApp } from '../../app';
import type { IntakeReply, IntakeRequest } from './intake-thread';

const port = parentPort!;
const app = await openApp({ dbPath: (workerData as { dbPath: string }).dbPath });
app.events.subscribe((event) => port.postMessage({ type: 'event', event } satisfies IntakeReply));

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
