import { moveShop, type MoveReport } from '../cluster/move';
import { UsageError, type CliCommand } from './command';

function describe(report: MoveReport): string {
  const lines = [`Moved ${report.from} → ${report.to}`];
  const differing = report.tables.filter((t) => !t.ok);
  const rows = report.tables.reduce((sum, t) => sum + t.source, 0);
  lines.push(
    differing.length === 0
      ? `Rows:   ${report.tables.length} tables, ${rows} rows, every count equal`
      : ['Rows:   DIFFERENT in', ...differing.map((t) => `  ${t.table}: ${t.source} here, ${t.target} there`)].join('\n'),
  );
  for (const [side, check] of [['source', report.check.source], ['target', report.check.target]] as const) {
    lines.push(check.ok ? `Check:  ${side} passes` : [`Check:  ${side} FAILS`, ...check.problems.map((p) => `  ${p}`)].join('\n'));
  }
  lines.push(report.ledger.ok ? `Ledger: ${report.ledger.movements} stock movements, checksum equal (${report.ledger.source.slice(0, 16)}…)` : `Ledger: checksum DIFFERS (${report.ledger.source.slice(0, 16)}… here, ${report.ledger.target.slice(0, 16)}… there)`);
  lines.push(report.ok ? 'Verified: the PostgreSQL database holds the same shop. Point the app at it with --db / SHIPSHAPE_DB.' : 'NOT VERIFIED: keep using the SQLite file and report the differences above.');
  return lines.join('\n');
}

export const moveCommands: CliCommand[] = [
  {
    name: 'move',
    usage: 'move --from FILE --to postgres://USER@HOST:PORT/DB [--json]',
    summary: 'Copy a SQLite shop into an empty PostgreSQL database and verify the copy',
    options: { from: { type: 'string' }, to: { type: 'string' } },
    async run({ values }, ctx) {
      const from = values.from as string | undefined;
      const to = values.to as string | undefined;
      if (!from || !to) throw new UsageError('move needs --from FILE (the SQLite shop) and --to postgres://… (an empty database)');
      const report = await moveShop(from, to);
      ctx.out(report, describe(report));
      return report.ok ? 0 : 1;
    },
  },
];
