import { resolve } from 'node:path';

/**
 * Turns on one database file for this thread. Two connections of one thread to the same file (a
 * test's second "station", a backup being verified) must not both hold a transaction open across
 * awaits: the second one's BEGIN IMMEDIATE would wait on SQLite's busy timeout, which blocks the
 * thread, so the first could never commit. They take turns here instead. (Other threads and
 * processes are SQLite's own business: its locks and busy timeout.)
 */
export interface Turns {
  locked: boolean;
  waiters: Array<() => void>;
  holders: number;
}

const turnsByFile = new Map<string, Turns>();

export function turnsFor(path: string): Turns {
  // An in-memory database is this connection's alone.
  if (path === ':memory:' || path === '') return { locked: false, waiters: [], holders: 1 };
  const key = resolve(path);
  let turns = turnsByFile.get(key);
  if (!turns) turnsByFile.set(key, (turns = { locked: false, waiters: [], holders: 0 }));
  turns.holders++;
  return turns;
}

export function releaseTurns(path: string): void {
  if (path === ':memory:' || path === '') return;
  const key = resolve(path);
  const turns = turnsByFile.get(key);
  if (turns && --turns.holders <= 0) turnsByFile.delete(key);
}
