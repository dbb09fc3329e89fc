import { detached } from './detached';

/**
 * Work one open database does in the background, started from a timer or an event and awaited by
 * nobody: the after-commit passes (backorder release, stock feed), stock queued for the stores,
 * a kicked print queue or outbox drain. app.close() waits for all of it (backgroundSettled) before
 * the connection ends: a pass still running then would fail at its next statement ("Cannot use a
 * pool after calling end on the pool" on PostgreSQL, "The database connection is not open" on
 * SQLite), and a test runner counts that as a failed run even when every test passed.
 *
 * Keyed by the store (a WeakMap), so domain code needs nothing but the store it already has.
 */
const inFlight = new WeakMap<object, Set<Promise<unknown>>>();

/** Registers `work` as background work of `owner` (the store) until it settles; returns it. */
export function trackBackground<T>(owner: object, work: Promise<T>): Promise<T> {
  let set = inFlight.get(owner);
  if (!set) inFlight.set(owner, (set = new Set()));
  const entry: Promise<unknown> = work
    .then(
      () => undefined,
      () => undefined, // the work's own caller (or detached()) reports a failure
    )
    .then(() => void set.delete(entry));
  set.add(entry);
  return work;
}

/**
 * Resolves once no background work of `owner` is in flight, including work that the work awaited
 * here started in turn (a pass that publishes an event that schedules another pass); or after
 * `atMostMs`, when given, whatever is still running.
 */
export async function backgroundSettled(owner: object, atMostMs?: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = atMostMs === undefined ? null : new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), atMostMs)));
  try {
    for (;;) {
      const set = inFlight.get(owner);
      if (!set || set.size === 0) return;
      const all = Promise.all([...set]);
      if ((await (deadline ? Promise.race([all, deadline]) : all)) === 'late') return;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** detached() (util/detached.ts) whose work is background work of `owner`, waited for by app.close(). */
export function detachedBackground<A extends unknown[]>(owner: object, what: string, work: (...args: A) => Promise<unknown>): (...args: A) => void {
  return detached(what, (...args: A) => trackBackground(owner, work(...args)));
}
