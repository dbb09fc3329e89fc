import type { Store } from '../../store/store';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for orders arriving together (a flash sale): every job queued during one turn of
 * the event loop runs in ONE transaction, each inside its own savepoint, so each order stays
 * all-or-nothing while the commit (and its fsync) is shared. Callers are answered only after the
 * commit, so an acknowledged order is durable: the group commits with synchronous=FULL.
 */
export class GroupCommitQueue {
  private pending: Job[] = [];
  private scheduled = false;
  /** Largest group seen; reported by the bench. */
  maxGroupSize = 0;

  constructor(
    private readonly store: Store,
    private readonly maxGroup = 256,
  ) {}

  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.length >= this.maxGroup) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    this.maxGroupSize = Math.max(this.maxGroupSize, group.length);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const { sqlite } = this.store;
    const nested = sqlite.inTransaction;
    try {
      // Prepared once and cached: a pragma() call prepares a fresh statement every time.
      if (!nested) this.store.prepare('pragma synchronous = FULL').run();
      this.store.tx(() => {
        for (const job of group) {
          try {
            // A nested tx() is a SAVEPOINT: a failing order rolls back alone.
            outcomes.push({ ok: true, value: this.store.tx(job.run) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    } finally {
      if (!nested) this.store.prepare('pragma synchronous = NORMAL').run();
    }
    group.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}
