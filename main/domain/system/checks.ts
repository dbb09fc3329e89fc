import type { Core } from '../../core';
import { INVENTORY_CHECKS } from '../inventory/checks';
import { interruptedProductImports } from '../catalog/product-import-record';
import { packedLotsEqualPicked } from '../fulfilment/checks';
import { reservationsBelongToLiveOrders } from '../orders/checks';
import { poLinesEqualReceipts } from '../purchasing/checks';

export interface CheckProblem {
  check: string;
  message: string;
  details?: unknown;
}
export interface CheckReport {
  ok: boolean;
  checks: string[];
  problems: CheckProblem[];
}

/** A named invariant: returns the problems it finds (empty when healthy). */
export interface InvariantCheck {
  name: string;
  run(core: Core): Promise<CheckProblem[]> | CheckProblem[];
}

/** SQLite's own integrity check and foreign-key check come first: later checks assume a sound file. */
const sqliteIntegrity: InvariantCheck = {
  name: 'sqlite.integrity_check',
  // PostgreSQL keeps its own pages consistent (WAL, full-page writes) and has no such pragma.
  async run({ store }) {
    if (store.engine !== 'sqlite') return [];
    const rows = await store.exclusive((sqlite) => sqlite.pragma('integrity_check') as { integrity_check: string }[]);
    return rows.filter((r) => r.integrity_check !== 'ok').map((r) => ({ check: 'sqlite.integrity_check', message: r.integrity_check }));
  },
};

const foreignKeys: InvariantCheck = {
  name: 'sqlite.foreign_key_check',
  // PostgreSQL enforces every foreign key on every write; SQLite only with the pragma on, so it is checked.
  async run({ store }) {
    if (store.engine !== 'sqlite') return [];
    const rows = await store.exclusive((sqlite) => sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]);
    return rows.map((r) => ({ check: 'sqlite.foreign_key_check', message: `${r.table} row ${r.rowid} points to a missing ${r.parent}`, details: r }));
  },
};

/** Every domain registers its invariants here (e.g. inventory: balances equal the ledger sum). */
export const INVARIANT_CHECKS: InvariantCheck[] = [sqliteIntegrity, foreignKeys, ...INVENTORY_CHECKS, interruptedProductImports, reservationsBelongToLiveOrders, packedLotsEqualPicked, poLinesEqualReceipts];

export async function runInvariantChecks(core: Core): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const checks: string[] = [];
  for (const check of INVARIANT_CHECKS) {
    checks.push(check.name);
    try {
      problems.push(...(await check.run(core)));
    } catch (err) {
      problems.push({ check: check.name, message: `could not run: ${(err as Error).message}` });
    }
    // A corrupt file makes every later check meaningless; stop at the first integrity failure.
    if (check === sqliteIntegrity && problems.length > 0) break;
  }
  return { ok: problems.length === 0, checks, problems };
}
