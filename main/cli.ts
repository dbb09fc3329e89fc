import { parseArgs } from 'node:util';
import { openApp, type App } from './app';
import { UsageError, type CliCommand, type CliContext } from './cli/command';
import { CLI_COMMANDS } from './cli/index';
import { resolveDbPath } from './paths';
import { configureLogging, defaultLogDir } from './logging/logger';
import { showProgressBars } from './cli/progress-bar';
import { AppError } from '../shared/errors';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function findCommand(argv: string[]): { command: CliCommand; positions: number[] } | undefined {
  // Longest match first, so `stock adjust` wins over `stock`. Each command reads argv with its own
  // options, so `--printer P print jobs` finds `print jobs` and P stays --printer's value.
  const sorted = [...CLI_COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const parts = command.name.split(' ');
    const positions = commandWordPositions(argv, command);
    if (parts.every((p, i) => argv[positions[i]] === p)) return { command, positions };
  }
  return undefined;
}

function helpText(): string {
  const lines = CLI_COMMANDS.map((c) => `  ${(c.usage ?? c.name).padEnd(58)} ${c.summary}`);
  return ['Usage: shipshape <command> [options]   (global: --db FILE, --json, --help)', '', ...lines].join('\n');
}

/** The `shipshape` command line. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Global and command options may stand before the command (`--db FILE print jobs`).
  const found = findCommand(argv);
  if (!found || argv.includes('--help') || argv.includes('-h')) {
    console.log(found ? `Usage: shipshape ${found.command.usage ?? found.command.name}\n${found.command.summary}` : helpText());
    return found || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const { command, positions } = found;
  let app: App | undefined;
  let stopBars: (() => void) | undefined;
  try {
    const parsed = parseArgs({
      args: joinNegativeNumbers(withoutPositions(argv, positions.slice(0, command.name.split(' ').length)), command.options ?? {}),
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
    if (command.positionals !== 'any' && parsed.positionals.length > 0) {
      throw new UsageError(`Unexpected argument "${parsed.positionals[0]}"`);
    }
    const json = Boolean(parsed.values.json);
    const dbPath = resolveDbPath(parsed.values.db as string | undefined);
    const ctx: CliContext = {
      json,
      dbPath,
      async openApp(opts) {
        // The log goes next to the database (or SHIPSHAPE_LOG_DIR) once a command touches the shop.
        if (!app) configureLogging({ dir: defaultLogDir(dbPath) });
        app ??= await openApp({ dbPath, lanMode: opts?.lanMode, workers: opts?.workers, transport: 'cli' });
        if (command.progress && !json && process.stderr.isTTY) stopBars ??= await showProgressBars(app.events);
        return app;
      },
      out(value, human) {
        console.log(json || human === undefined ? JSON.stringify(value, null, json ? 0 : 2) : human);
      },
    };
    const code = await command.run({ values: parsed.values as never, positionals: parsed.positionals }, ctx);
    return code ?? 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = err instanceof Error ? err.message : String(err);
    if (argv.includes('--json')) {
      const code = err instanceof AppError ? err.code : usage ? 'USAGE' : 'ERROR';
      console.log(JSON.stringify({ error: { code, message, details: err instanceof AppError ? err.details : undefined } }));
    }
    console.error(`shipshape: ${message}${usage ? `\nUsage: shipshape ${command.usage ?? command.name}` : ''}`);
    return usage ? 2 : 1;
  } finally {
    stopBars?.();
    await app?.close();
  }
}

/** Long and short names of the options that take a value: the global ones and the command's. */
function valueOptionNames(command?: CliCommand): Set<string> {
  const names = new Set<string>();
  for (const [name, spec] of Object.entries({ ...GLOBAL_OPTIONS, ...(command?.options ?? {}) } as Record<string, { type: string; short?: string }>)) {
    if (spec.type !== 'string') continue;
    names.add(`--${name}`);
    if (spec.short) names.add(`-${spec.short}`);
  }
  return names;
}

/** Indexes of the words that are neither options nor an option's value (`--db=FILE` carries its own). */
export function commandWordPositions(argv: string[], command?: CliCommand): number[] {
  const takesValue = valueOptionNames(command);
  const positions: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (takesValue.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) positions.push(i);
  }
  return positions;
}

/** argv without the command's own words (wherever they stand), leaving options and their values. */
function withoutPositions(argv: string[], positions: number[]): string[] {
  const skip = new Set(positions);
  return argv.filter((_, i) => !skip.has(i));
}

/**
 * `--delta -2` is how people write a negative adjustment, but parseArgs reads "-2" as an option
 * and refuses it; pass a negative number after a long option as `--delta=-2` instead.
 */
function joinNegativeNumbers(args: string[], options: Record<string, { type: string }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    const option = /^--([a-z][\w-]*)$/.exec(args[i])?.[1];
    if (option && options[option]?.type === 'string' && next !== undefined && /^-\d+(\.\d+)?$/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}
