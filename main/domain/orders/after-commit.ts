import { detached } from '../../util/detached';
import type { Store } from '../../store/store';

/**
 * Work that follows events published inside a unit of work (the backorder pass, the stock-feed
 * recompute): scheduled once per turn of the event loop however many events ask for it, and run
 * once the publishing transaction has ended. The timer carries that transaction's context; on
 * PostgreSQL its COMMIT is a round trip still under way when the timer fires, so the pass waits for
 * it to end and then runs on its own, seeing what was committed (not as a savepoint of a
 * transaction that is committing). `settled()` resolves once every pass asked for so far has run.
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
              while (store.inTransaction) await new Promise((r) => setTimeout(r, 2));
              await previous;
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
      void pass.then(() => {
        if (current === pass) current = null;
      });
    },
    async settled() {
      while (current) await current;
    },
  };
}
