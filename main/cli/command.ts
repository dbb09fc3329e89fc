import type { ParseArgsConfig } from 'node:util';
import type { App } from '../app';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliContext {
  /** Opens the database chosen by --db / SHIPSHAPE_DB / the user-data folder (once). */
  openApp(opts?: { lanMode?: boolean; workers?: boolean | 'deferred' }): Promise<App>;
  json: boolean;
  dbPath: string;
  /** Prints a result: JSON with --json, otherwise the human text. */
  out(json: unknown, human?: string): void;
}

export interface CliCommand {
  /** Words of the command, e.g. 'stock adjust'. */
  name: string;
  summary: string;
  usage?: string;
  options?: OptionSpec;
  /** Long work (imports, exports, backups): its 'progress' events are drawn as bars on a terminal (not with --json). */
  progress?: boolean;
  /** Number of positional arguments after the command words. */
  positionals?: 'none' | 'any';
  /** Long-running commands (serve) return a promise that resolves when done. Returns exit code. */
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }, ctx: CliContext): Promise<number | void>;
}

export class UsageError extends Error {}
