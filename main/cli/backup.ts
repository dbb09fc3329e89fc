import { createInterface } from 'node:readline/promises';
import { systemClock } from '../clock';
import { planRestore, restoreDatabase, type RestorePlan } from '../domain/backup/restore';
import { UsageError, type CliCommand } from './command';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

function describePlan(plan: RestorePlan): string {
  return [
    `Backup:   ${plan.backup.path}`,
    `          taken ${plan.backup.takenAt}, ${formatBytes(plan.backup.bytes)}, ${plan.verification.counts.products} products, ${plan.verification.counts.orders} orders`,
    `Replaces: ${plan.dbPath}${plan.before ? ` (${plan.before.products} products, ${plan.before.orders} orders)` : ''}`,
  ].join('\n');
}

async function confirmed(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const backupCommands: CliCommand[] = [
  {
    name: 'backup',
    progress: true,
    usage: 'backup [--to FILE|DIR] [--json]',
    summary: 'Back the database up now (online, while the app runs) and verify the copy',
    options: { to: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const result = await app.invoke('backup.run', { to: values.to as string | undefined }, { transport: 'cli' });
      const human = [
        `Backed up to ${result.path} (${formatBytes(result.bytes)}, copied in ${result.copyMs} ms)`,
        result.verified ? `Verified: integrity check and every invariant passed on the copy (${result.verifyMs} ms)` : ['NOT VERIFIED:', ...result.problems.map((p) => `  ${p}`)].join('\n'),
      ].join('\n');
      ctx.out(result, human);
      return result.verified ? 0 : 1;
    },
  },
  {
    name: 'restore',
    usage: 'restore FILE [--yes] [--json]',
    summary: 'Replace the database with a backup (checked first; the current database is kept aside)',
    options: { yes: { type: 'boolean' } },
    positionals: 'any',
    async run({ values, positionals }, ctx) {
      if (positionals.length !== 1) throw new UsageError('restore needs the backup FILE');
      // Not through ctx.openApp() first: this process must not hold the database it replaces.
      const plan = await planRestore(ctx.dbPath, positionals[0]);
      if (!values.yes) {
        if (ctx.json || !process.stdin.isTTY) throw new UsageError(`restore replaces ${ctx.dbPath}; run it again with --yes\n${describePlan(plan)}`);
        console.error(describePlan(plan));
        if (!(await confirmed('Restore this backup? The current database is kept aside. [y/N] '))) {
          console.error('Nothing was changed.');
          return 1;
        }
      }
      const outcome = restoreDatabase(plan, systemClock);
      // Opened as the app: an older backup is migrated here (after its own pre-migration copy).
      const app = await ctx.openApp();
      const info = await app.services.system.info();
      const after = { products: info.counts.product ?? 0, orders: info.counts.sales_order ?? 0 };
      const check = await app.services.system.check();
      const report = {
        restored: outcome.dbPath,
        backup: outcome.backup,
        setAside: outcome.setAside,
        before: outcome.before,
        after,
        check: { ok: check.ok, problems: check.problems.map((p) => `[${p.check}] ${p.message}`) },
      };
      const row = (label: string, before: number | undefined, now: number) => `  ${label.padEnd(10)}${String(before ?? '-').padStart(10)}${String(now).padStart(10)}`;
      const human = [
        `Restored ${outcome.dbPath}`,
        `  from ${outcome.backup.path} (taken ${outcome.backup.takenAt}, ${formatBytes(outcome.backup.bytes)})`,
        outcome.setAside ? `The database it replaced is kept as ${outcome.setAside}` : 'There was no database to replace.',
        `  ${''.padEnd(10)}${'before'.padStart(10)}${'after'.padStart(10)}`,
        row('products', outcome.before?.products, after.products),
        row('orders', outcome.before?.orders, after.orders),
        check.ok ? `Check: OK (${check.checks.length} checks)` : ['Check FAILED:', ...report.check.problems.map((p) => `  ${p}`)].join('\n'),
      ].join('\n');
      ctx.out(report, human);
      return check.ok ? 0 : 1;
    },
  },
];
