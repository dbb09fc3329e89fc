import { parseArgs } from 'node:util';
import { openApp, type App } from './app';
import { UsageError, type CliCommand, type CliContext } from './cli/command';
import { CLI_COMMANDS } from './cli/index';
import { resolveDbPath } from './paths';
import { AppError } from '../shared/errors';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function findCommand(words: string[]): { command: CliCommand; rest: string[] } | undefined {
  // Longest match first, so `stock adjust` wins over `stock`.
  const sorted = [...CLI_COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const parts = command.name.split(' ');
    if (parts.every((p, i) => words[i] === p)) return { command, rest: words.slice(parts.length) };
  }
  return undefined;
}

function helpText(): string {
  const lines = CLI_COMMANDS.map((c) => `  ${(c.usage ?? c.name).padEnd(58)} ${c.summary}`);
  return ['Usage: shipshape <command> [options]   (global: --db FILE, --json, --help)', '', ...lines].join('\n');
}

/** The `shipshape` command line. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // The command's words may come after global options (`--db FILE ship …`): --db's value is not one.
  const positions = argv.flatMap((a, i) => (!a.startsWith('-') && argv[i - 1] !== '--db' ? [i] : []));
  const words = positions.map((i) => argv[i]);
  const found = findCommand(words);
  if (!found || argv.includes('--help') || argv.includes('-h')) {
    console.log(found ? `Usage: shipshape ${found.command.usage ?? found.command.name}\n${found.command.summary}` : helpText());
    return found || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const { command } = found;
  let app: App | undefined;
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
        app ??= await openApp({ dbPath, lanMode: opts?.lanMode, workers: opts?.workers, transport: 'cli' });
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
    await app?.close();
  }
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
