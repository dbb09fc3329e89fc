import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultLogDir, LOG_FILE_NAME } from '../logging/logger';
import { rotatedName } from '../logging/rotating-file';
import { UsageError, type CliCommand } from './command';

/** The last `n` lines of the log, reaching into the newest rotated file when the current one is short. */
export function lastLogLines(file: string, n: number): string[] {
  const lines: string[] = [];
  for (const name of [file, rotatedName(file, 1)]) {
    if (lines.length >= n || !existsSync(name)) continue;
    // Rotation keeps each file ≤ 10 MB: reading one whole is fine.
    const own = readFileSync(name, 'utf8').split('\n').filter(Boolean);
    lines.unshift(...own.slice(Math.max(0, own.length - (n - lines.length))));
  }
  return lines;
}

export const logsCommands: CliCommand[] = [
  {
    name: 'logs',
    usage: 'logs [--tail N]',
    summary: 'Where the log file is (next to the database, or SHIPSHAPE_LOG_DIR); --tail N prints its last N lines',
    options: { tail: { type: 'string' } },
    async run({ values }, ctx) {
      // The path is derived, not opened: `logs` works while the app holds the database, and on a fresh machine.
      const file = path.join(defaultLogDir(ctx.dbPath), LOG_FILE_NAME);
      const bytes = existsSync(file) ? statSync(file).size : 0;
      if (values.tail === undefined) {
        ctx.out({ path: file, exists: existsSync(file), bytes }, file);
        return 0;
      }
      const n = Number(values.tail);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--tail must be a whole number of lines, 1 or more (got "${String(values.tail)}")`);
      const lines = lastLogLines(file, n);
      const records = lines.map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return line;
        }
      });
      ctx.out({ path: file, lines: records }, lines.length ? lines.join('\n') : `(no log lines yet in ${file})`);
      return 0;
    },
  },
];
