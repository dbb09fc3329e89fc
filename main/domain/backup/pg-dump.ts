import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { AppError } from '../../../shared/errors';

/**
 * Backups of a PostgreSQL database. SQLite's online copy (backup API, VACUUM INTO, integrity
 * check of the copy) has no meaning there: the server's own tool, pg_dump, takes a consistent
 * snapshot while the shop keeps working. The dump (`--format=custom`) goes into the same backup
 * folder under the same naming scheme (`.dump` instead of `.sqlite`), so listing and retention
 * are shared; "verified" means pg_restore can read its table of contents back.
 */

export const PG_DUMP_HINT =
  'This shop’s database is PostgreSQL: backups are taken with pg_dump (--format=custom) and restored with pg_restore. ' +
  'Install the PostgreSQL client tools (e.g. apt-get install postgresql-client) on the computer that takes them.';

export interface PgDumpOutcome {
  bytes: number;
  verified: boolean;
  problems: string[];
  copyMs: number;
  verifyMs: number;
}

/** Runs a client tool; resolves with its output, rejects with its stderr (or "not installed"). */
function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new AppError('CONFLICT', `${tool} is not on PATH. ${PG_DUMP_HINT}`));
      reject(new Error(`${tool} failed: ${(stderr || error.message).trim()}`));
    });
  });
}

/**
 * The URL without its password, and the password for PGPASSWORD: a password on the command line
 * would be visible to every user of the machine (ps).
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const env = { ...process.env };
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      env.PGPASSWORD = decodeURIComponent(parsed.password);
      parsed.password = '';
    }
    return { dbname: parsed.toString(), env };
  } catch {
    return { dbname: url, env };
  }
}

/** `pg_dump --format=custom` of the database at `url` into `destPath` (written as .partial, renamed when complete), then `pg_restore --list`. */
export async function dumpAndVerify(url: string, destPath: string): Promise<PgDumpOutcome> {
  const { dbname, env } = connection(url);
  const partial = `${destPath}.partial`;
  const started = performance.now();
  try {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${dbname}`], env);
    renameSync(partial, destPath);
  } finally {
    if (existsSync(partial)) rmSync(partial, { force: true });
  }
  const copied = performance.now();
  const problems: string[] = [];
  try {
    const toc = await run('pg_restore', ['--list', destPath], env);
    if (!/TABLE DATA/.test(toc)) problems.push('the dump holds no table data');
  } catch (error) {
    problems.push(`pg_restore cannot read the dump: ${(error as Error).message}`);
  }
  return { bytes: statSync(destPath).size, verified: problems.length === 0, problems, copyMs: copied - started, verifyMs: performance.now() - copied };
}
