import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers from the source itself, independent of ESLint's patterns: every relative import
 * (static, type-only, re-export, dynamic) is resolved to a file, and the edges between layers are
 * checked. The domain importing main/server would close a cycle (server → domain → server), as the
 * webhook code once did.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** The project files a source file imports (relative specifiers only), as paths from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const targets: string[] = [];
  for (const [, specifier] of text.matchAll(SPECIFIER)) {
    if (!specifier.startsWith('.')) continue;
    const base = resolve(root, dirname(file), specifier);
    const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((p) => existsSync(p) && statSync(p).isFile());
    targets.push(relative(root, found ?? base).split('\\').join('/'));
  }
  return targets;
}

function edges(dir: string): { from: string; to: string }[] {
  return sourceFiles(dir).flatMap((from) => importsOf(from).map((to) => ({ from: from.split('\\').join('/'), to })));
}

const crossing = (list: { from: string; to: string }[], forbidden: (to: string) => boolean) => list.filter((e) => forbidden(e.to)).map((e) => `${e.from} → ${e.to}`);

describe('layers, from the resolved imports', () => {
  it('finds the imports it checks (the walk itself works)', () => {
    const server = edges('main/server');
    // The webhook adapter reaches the orders domain through the app's services (a type import of the app).
    expect(server.some((e) => e.from === 'main/server/webhook-routes.ts' && e.to === 'main/app.ts')).toBe(true);
  });

  it('main/domain imports nothing of the transports or the composition root, so no cycle runs through main/server', () => {
    const transports = /^main\/(server|api|cli|electron)\/|^main\/(app|services|index|cli|window|workers)\.ts$/;
    expect(crossing(edges('main/domain'), (to) => transports.test(to))).toEqual([]);
  });

  it('the renderer imports nothing from main/ or preload/, and shared/ nothing outside shared/', () => {
    expect(crossing(edges('renderer'), (to) => /^(main|preload)\//.test(to))).toEqual([]);
    expect(crossing(edges('shared'), (to) => !to.startsWith('shared/'))).toEqual([]);
  });
});
