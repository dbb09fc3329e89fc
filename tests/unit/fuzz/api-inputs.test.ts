import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { api } from '../../../shared/api';
import { tempApp } from '../../helpers/temp-app';
import { closeLogging, configureLogging } from '../../../main/logging/logger';
import { awkwardValue } from './arbitraries';

// Every method of the contract, called with random JSON (and with its own field names holding
// awkward values, so inputs get past the first check): the call always answers, never with an
// INTERNAL error, and a refused input names the field.

/** Methods that reach outside the process (printer and scale connections, backup folders): not fuzzed here. */
const OUTSIDE_WORLD = new Set(['printers.testPrint', 'printers.status', 'scales.read', 'scales.zero', 'scales.tare', 'backup.run', 'backup.configure', 'printJobs.retry', 'printJobs.reprint']);
const METHODS = Object.keys(api).filter((m) => !OUTSIDE_WORLD.has(m));
const CALL_LIMIT_MS = 5000;

/** The field names an input schema knows (a strict object's shape), so generated inputs use them. */
function fieldNames(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown }; _def?: { schema?: unknown; innerType?: unknown } };
  if (s?.shape && typeof s.shape === 'object') return Object.keys(s.shape);
  const inner = s?.def?.in ?? s?.def?.innerType ?? s?.def?.schema ?? s?._def?.schema ?? s?._def?.innerType;
  return inner ? fieldNames(inner) : [];
}

function inputFor(method: string): fc.Arbitrary<unknown> {
  const names = fieldNames((api as Record<string, { input: unknown }>)[method].input);
  const shaped = names.length
    ? fc.dictionary(fc.constantFrom(...names), fc.oneof(awkwardValue, fc.constantFrom(1, 2, 'FUZZ-1', 'owner', 'usps', 'priority', 'csv', 'new', '2026-11-02')), { maxKeys: names.length })
    : fc.constant({});
  return fc.oneof({ weight: 1, arbitrary: fc.jsonValue() }, { weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, [], '', 0, { extra: 1 }) });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let app: Awaited<ReturnType<typeof tempApp>>;
beforeAll(async () => {
  app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T15:00:00Z')) });
  await app.invoke('catalog.upsert', { sku: 'FUZZ-1', name: 'Fuzz' });
  await app.invoke('stock.receive', { sku: 'FUZZ-1', quantity: 20 });
  await app.invoke('channels.upsert', { name: 'Files', kind: 'csv' });
});
afterAll(() => app.cleanup());

describe('API inputs (fuzz)', () => {
  it(`${METHODS.length} methods answer any input, never INTERNAL, and name the field they refuse`, async () => {
    // Unexpected errors are logged by the router: into a log file of this test, read at the end.
    const logFile = configureLogging({ dir: path.join(app.dir, 'logs') });
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...METHODS).chain((method) => fc.tuple(fc.constant(method), inputFor(method))), async ([method, input]) => {
          const result = await Promise.race([
            app.call(method, input),
            new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), CALL_LIMIT_MS)),
          ]);
          expect(result, `${method} did not answer`).not.toBe('hung');
          if (result === 'hung' || result.ok) return;
          const { code, message, details } = result.error;
          expect(code, `${method}(${JSON.stringify(input)?.slice(0, 300)}): ${message}`).not.toBe('INTERNAL');
          expect(message.length).toBeLessThan(2000);
          if (code === 'VALIDATION') {
            const issues = (details as { issues?: { path: string; message: string }[] })?.issues ?? [];
            if (isPlainObject(input) && issues.length) {
              // A field's refusal has its path; a rule over the whole object (unknown keys, "id or sku") names the fields in its message.
              const names = fieldNames((api as Record<string, { input: unknown }>)[method].input);
              for (const issue of issues) {
                const named = issue.path !== '' || /key|expected object/i.test(issue.message) || names.some((name) => issue.message.includes(name));
                expect(named, `${method}: ${JSON.stringify(issue)}`).toBe(true);
              }
            }
          }
        }),
        { numRuns: METHODS.length * 100 },
      );
    } finally {
      closeLogging();
    }
    const errors = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('{"level":50') || l.startsWith('{"level":60')) : [];
    expect(errors.map((l) => l.slice(0, 500))).toEqual([]);
  }, 120_000);
});
