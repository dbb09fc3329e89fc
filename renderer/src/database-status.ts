import { onApiError } from './bridge';

/**
 * Whether the station's shop database can be reached, as the console last heard: a PostgreSQL
 * site cut off from its server answers every call with UNAVAILABLE (HTTP 503). From the first such
 * answer the console asks again every few seconds with a cheap read (without toasts); when one
 * succeeds the database is back, and screens whose load failed on it load again (useQuery).
 */
const RETRY_MS = 5000;
let unreachable: string | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<(unreachable: string | null) => void>();

function set(next: string | null): void {
  if (next === unreachable) return;
  unreachable = next;
  for (const listener of listeners) listener(next);
}

/** The message of the last UNAVAILABLE answer while the database is away, null when it is reachable. */
export function databaseUnreachable(): string | null {
  return unreachable;
}

/** Called with the message when the database goes away and with null when it is back. */
export function onDatabaseChange(listener: (unreachable: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function askAgain(): Promise<void> {
  // The raw bridge, not call(): a failed retry must not add a toast every few seconds.
  const envelope = (await window.shipshape.call('warehouses.list', {}).catch(() => null)) as { ok: boolean } | null;
  if (!envelope?.ok) return;
  clearInterval(timer);
  timer = undefined;
  set(null);
}

onApiError((err) => {
  if (err.code !== 'UNAVAILABLE') return;
  set(err.message);
  timer ??= setInterval(() => void askAgain(), RETRY_MS);
});
