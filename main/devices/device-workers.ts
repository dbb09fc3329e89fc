import type { Worker } from '../workers';

/**
 * The devices area's background workers (desktop app and station server only): the print queue
 * sender, ~HS status polling, and live scale connections. Each keeps its state in the app's own
 * services, so several apps in one process (tests) never share a connection or a timer.
 */
export const DEVICE_WORKERS: Worker[] = [
  { name: 'print-queue', start: async (app) => await app.services.devices.queue.start(), stop: (app) => app.services.devices.queue.stop() },
  { name: 'printer-status', start: (app) => app.services.devices.status.start(), stop: (app) => app.services.devices.status.stop() },
  { name: 'scales', start: async (app) => await app.services.devices.scales.start(), stop: (app) => app.services.devices.scales.stop() },
];
