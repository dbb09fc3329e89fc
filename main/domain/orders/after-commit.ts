import { detached } from '../../util/detached';
import { trackBackground } from '../../util/background-work';
import type { Store } from '../../store/store';

/** How long a pass on PostgreSQL waits for more events to share it (see below). */
const POSTGRES_COALESCE_MS = 20;

/**
 * Work that follows events published inside a unit of work (the backorder pass, the stock-feed
 * recompute): scheduled once per turn of the event loop however many events ask for it, and run
 * once the publishing transaction has ended. The timer carries that transaction's context; on
 * PostgreSQL its COMMIT is a round trip still under way when the timer fires, so the pass waits for
 * it to end (the store resolves transactionEnded() then, no polling) and then runs on its own,
 * seeing what was committed (not as a savepoint of a transaction that is committing).
 * `settled()` resolves once every pass asked for so far has run.
 */
export function afterCommitPass(store: Store, name: string, work: () => Promise<void>): { schedule(): void; settled(): Promise<void> } {
  let scheduled = false;
  let current: Promise<void> | null = null;
  return {
    schedule() {
      if (scheduled) return;
      scheduled = true;
      const previous = current;
      const pass = new Promise<void>((resolve) =>
        setImmediate(
          detached(name, async () => {
            try {
              if (store.engine === 'postgres') await store.transactionEnded();
              else while (store.inTransaction) await new Promise((r) => setTimeout(r, 2));
              await previous;
              // PostgreSQL: each pass is a few round trips, and in a flash sale the orders commit
              // side by side; a short window lets the events of many orders share one pass
              // (screens and storefront feeds see the figures a few ms later).
              if (store.engine === 'postgres') await new Promise((r) => setTimeout(r, POSTGRES_COALESCE_MS));
            } finally {
              scheduled = false;
            }
            try {
              await work();
            } finally {
              resolve();
            }
          }),
        ),
      );
      current = pass;
      // app.close() waits for it before the connection ends (util/background-work.ts).
      void trackBackground(store, pass);
      void pass.then(() => {
        if (current === pass) current = null;
      });
    },
    async settled() {
      while (current) await current;
    },
  };
}
