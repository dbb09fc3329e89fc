import type { Server } from 'node:http';
import type { App } from '../app';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'serve' });

/**
 * Starts the app's background workers (worker threads, device polling, sync, backups) once the
 * station server has answered its first API call and the API has then been quiet for `quietMs`
 * — the first page is on screen with its data — or `latestMs` after listening should no console
 * connect (or keep calling), so a server nobody looks at still prints and backs up. Started with
 * the server, their threads competed with the first page for the CPU (bench/startup.ts).
 */
export function startWorkersAfterFirstAnswer(app: App, server: Server, opts: { quietMs?: number; latestMs?: number } = {}): { cancel(): void } {
  const quietMs = opts.quietMs ?? 150;
  let inFlight = 0;
  let quiet: NodeJS.Timeout | undefined;
  const start = () => {
    clearTimeout(quiet);
    clearTimeout(latest);
    server.off('request', onRequest);
    app.startWorkers().catch((err: unknown) => log.error({ err }, 'background workers failed to start'));
  };
  const onRequest = (req: { url?: string }, res: { once(event: 'close', listener: () => void): unknown }) => {
    // The event stream (/api/events) stays open for good: not a call to wait for.
    if (!req.url?.startsWith('/api/') || req.url.startsWith('/api/events')) return;
    inFlight++;
    clearTimeout(quiet);
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) quiet = setTimeout(start, quietMs);
    });
  };
  server.on('request', onRequest);
  const latest = setTimeout(start, opts.latestMs ?? 2000);
  latest.unref();
  // Shutting down before the workers started: they never will.
  return {
    cancel() {
      clearTimeout(quiet);
      clearTimeout(latest);
      server.off('request', onRequest);
    },
  };
}
