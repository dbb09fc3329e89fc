import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where a worker thread's script is. `callerUrl` is the `import.meta.url` of the module starting
 * it, which sits next to the worker's source (`<name>.ts`).
 * Bundled (CLI, Electron): a file `<name>.mjs|.js` next to the bundle that runs the caller, written
 * by the same build (bin/shipshape.mjs, electron.vite.config.ts). From the TypeScript sources
 * (tests, benchmarks, `tsx`): Node cannot run .ts files in a worker, so the worker is bundled with
 * esbuild into out/workers/ on first use and again whenever one of its sources is newer.
 * Null when no script can be found (the caller then does the work on its own thread).
 */
export async function workerEntry(name: string, callerUrl: string): Promise<URL | null> {
  const here = new URL(callerUrl);
  if (!here.pathname.endsWith('.ts')) {
    for (const ext of ['.mjs', '.js']) {
      const candidate = new URL(`./${name}${ext}`, here);
      if (existsSync(candidate)) return candidate;
    }
    return null;
  }
  const source = fileURLToPath(new URL(`./${name}.ts`, here));
  const root = projectRootOf(path.dirname(source));
  const bundle = path.join(root, 'out', 'workers', `${name}.mjs`);
  const inputsFile = `${bundle}.inputs.json`;
  if (!isFresh(bundle, inputsFile, root)) {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Native and lazily loaded libraries stay external, as in the CLI bundle; so do pino and pg
      // (CommonJS requiring node: modules, which an ESM bundle cannot do).
      external: ['better-sqlite3', 'pg', 'date-holidays', 'pino'],
      metafile: true,
      write: false,
      logLevel: 'error',
    });
    // Write-then-rename: parallel test processes may bundle at once; none may load a half-written file.
    mkdirSync(path.dirname(bundle), { recursive: true });
    const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(process.cwd(), input));
    const tmp = `${bundle}.${process.pid}.tmp`;
    writeFileSync(tmp, result.outputFiles[0].contents);
    renameSync(tmp, bundle);
    writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
    renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  }
  return pathToFileURL(bundle);
}

/** The folder holding package.json above `dir`. */
function projectRootOf(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at;
    if (path.dirname(at) === at) throw new Error(`no package.json above ${dir}`);
  }
}

function isFresh(bundle: string, inputsFile: string, root: string): boolean {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as string[];
    return inputs.length > 0 && inputs.every((input) => statSync(path.resolve(root, input)).mtimeMs <= built);
  } catch {
    return false;
  }
}
