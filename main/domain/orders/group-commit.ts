import { detached } from '../../util/detached';
import { isRetryable } from '../../store/postgres-store';
import type { Store } from '../../store/store';

interface Job {
  run: () => unknown;
  /** The job opens its own tx() (a savepoint inside the group), so the queue adds no second one. */
  atomic: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Runs of one order that lost a deadlock to another connection (PostgreSQL), at most. */
const ORDER_ATTEMPTS = 4;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A group written to the WAL, to be answered once a sync that began after its commit is done. */
interface Committed {
  group: Job[];
  outcomes: Outcome[];
}

/**
 * Group commit for orders arriving together (a flash sale): the jobs queued while the disk syncs
 * (or during one turn of the event loop) run in ONE transaction, each inside its own savepoint,
 * so each order stays all-or-nothing while the commit is shared.
 *
 * Durability without blocking: a group commits with Store.txWithoutSync (the store's usual FULL
 * fsync would block the thread), then Store.syncWal fdatasyncs the WAL on libuv's thread pool,
 * and only then are its callers answered: an acknowledged order is on disk.
 *
 * Pipelined: while one sync is on the disk, the next group is already written (its SQL runs
 * instead of the thread waiting), and it is answered after the next sync, which starts as soon
 * as the previous one ends and covers every frame written before it. At most one group waits
 * behind the sync in flight; orders arriving meanwhile (their HTTP, signature and parsing run
 * while the disk works) form the group after, so the group size follows the disk's latency.
 * Within a caller's own transaction the jobs run as savepoints of it and are answered at once:
 * that transaction owns the commit.
 *
 * On PostgreSQL there are no groups (see submit): every commit is durable and the server shares
 * WAL flushes between concurrent commits itself, while a group transaction would hold its orders'
 * row locks until its end.
 */
export class GroupCommitQueue {
  private pending: Job[] = [];
  private scheduled = false;
  /** A group's transaction is open. On PostgreSQL nothing else would keep a second group from starting alongside it. */
  private flushing = false;
  private syncing = false;
  /** Committed groups no sync has started for (at most one while a sync is in flight). */
  private committed: Committed[] = [];

  constructor(
    private readonly store: Store,
    private readonly maxGroup = 256,
  ) {}

  submit<T>(run: () => Promise<T> | T, options: { atomic?: boolean } = {}): Promise<T> {
    // PostgreSQL: each order is a transaction of its own, side by side on the pool's connections.
    // A group there would hold the row lock its first order took on a hot SKU until the group's
    // commit, so the other station servers' orders for that SKU queued behind whole groups (a convoy);
    // the server already shares one WAL flush among commits that arrive together. tx() retries a
    // deadlock or serialization failure, and inside a caller's transaction it is a savepoint.
    if (this.store.engine === 'postgres') return options.atomic ? Promise.resolve().then(run) : this.store.tx(run);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, atomic: options.atomic ?? false, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** A group already waits behind the sync in flight: the next one forms until that sync ends. */
  private get waitingForSync(): boolean {
    return this.syncing && this.committed.length > 0;
  }

  private schedule(): void {
    if (this.scheduled || this.waitingForSync) return;
    this.scheduled = true;
    setImmediate(detached('group commit', () => this.flush()));
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.waitingForSync || this.flushing) return; // the end of the sync (or of the group being written) flushes
    this.flushing = true;
    try {
      await this.flushGroup();
    } finally {
      this.flushing = false;
    }
    if (this.pending.length > 0) this.schedule();
  }

  private async flushGroup(): Promise<void> {
    const group = this.pending.splice(0, this.maxGroup);
    if (group.length === 0) return;
    const outcomes: Outcome[] = [];
    // Scheduled from inside a caller's open transaction (the timer carries its context), the
    // group joins it as savepoints and that transaction owns the commit.
    const nested = this.store.inTransaction;
    try {
      await this.store.txWithoutSync(async () => {
        // PostgreSQL runs a transaction that failed on a deadlock again from the start.
        outcomes.length = 0;
        for (const job of group) {
          for (let attempt = 1; ; attempt++) {
            try {
              // A nested tx() is a SAVEPOINT: a failing order rolls back alone.
              outcomes.push({ ok: true, value: job.atomic ? await job.run() : await this.store.tx(job.run) });
            } catch (error) {
              if (isRetryable(error) && attempt < ORDER_ATTEMPTS) continue;
              outcomes.push({ ok: false, error });
            }
            break;
          }
        }
      });
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    if (nested) settle({ group, outcomes });
    else {
      this.committed.push({ group, outcomes });
      this.sync();
    }
  }

  /** Starts a sync for the committed groups unless one is in flight (its end starts the next). */
  private sync(): void {
    if (this.syncing || this.committed.length === 0) return;
    const covered = this.committed;
    this.committed = [];
    this.syncing = true;
    this.store
      .syncWal()
      .then(
        () => covered.forEach(settle),
        (error) => covered.forEach(({ group }) => group.forEach((job) => job.reject(error))),
      )
      .finally(() => {
        this.syncing = false;
        this.sync();
        if (this.pending.length > 0) this.schedule();
      });
  }
}

function settle({ group, outcomes }: Committed): void {
  group.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  });
}
