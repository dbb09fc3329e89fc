import type { Store } from '../../store/store';

interface Job {
  run: () => unknown;
  /** The job opens its own tx() (a savepoint inside the group), so the queue adds no second one. */
  atomic: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for orders arriving together (a flash sale): the jobs queued while the previous
 * group's fsync is on the disk (or during one turn of the event loop) run in ONE transaction, each
 * inside its own savepoint, so each order stays all-or-nothing while the commit is shared.
 *
 * Durability without blocking: the group commits with Store.txWithoutSync (the store's usual FULL
 * fsync would block the event loop), then Store.syncWal fdatasyncs the WAL on libuv's thread pool,
 * and only then are the callers answered: an acknowledged order is on disk. One sync is in flight
 * at a time; orders arriving meanwhile (their HTTP, signature and parsing run while the disk works)
 * form the next group, so the group size follows the disk's latency. Within a caller's own
 * transaction the jobs run as savepoints of it and are answered at once: that transaction owns
 * the commit.
 */
export class GroupCommitQueue {
  private pending: Job[] = [];
  private scheduled = false;
  private syncing = false;

  constructor(
    private readonly store: Store,
    private readonly maxGroup = 256,
  ) {}

  submit<T>(run: () => T, options: { atomic?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, atomic: options.atomic ?? false, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.syncing) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.syncing) return; // the end of the sync flushes
    const group = this.pending.splice(0, this.maxGroup);
    if (group.length === 0) return;
    if (this.pending.length > 0) this.schedule();
    const outcomes: Outcome[] = [];
    const nested = this.store.sqlite.inTransaction;
    try {
      this.store.txWithoutSync(() => {
        for (const job of group) {
          try {
            // A nested tx() is a SAVEPOINT: a failing order rolls back alone.
            outcomes.push({ ok: true, value: job.atomic ? job.run() : this.store.tx(job.run) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    const settle = () => group.forEach((job, i) => (outcomes[i].ok ? job.resolve((outcomes[i] as { value: unknown }).value) : job.reject((outcomes[i] as { error: unknown }).error)));
    if (nested) return settle();
    this.syncing = true;
    this.store
      .syncWal()
      .then(settle, (error) => {
        for (const job of group) job.reject(error);
      })
      .finally(() => {
        this.syncing = false;
        if (this.pending.length > 0) this.schedule();
      });
  }
}
