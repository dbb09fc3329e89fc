import type { App } from '../../app';
import type { Worker } from '../../workers';
import { IntakeThread } from './intake-thread';

const threads = new WeakMap<App, IntakeThread>();

/** The order-intake thread for webhooks (intake-thread.ts). */
export const ORDER_WORKERS: Worker[] = [
  {
    name: 'order-intake',
    async start(app: App) {
      const thread = await IntakeThread.start(app);
      if (thread) threads.set(app, thread);
      app.services.orders.useIntakeThread(thread);
    },
    async stop(app: App) {
      app.services.orders.useIntakeThread(null);
      await threads.get(app)?.stop();
      threads.delete(app);
    },
  },
];
