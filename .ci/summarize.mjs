// Totals the test reports written by `npm test` into one line "N passed, N failed".
// A stage whose report is missing (it crashed or never ran) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
const log = existsSync(path.join(dir, 'npm-test.log')) ? readFileSync(path.join(dir, 'npm-test.log'), 'utf8') : '';

// Typecheck: one check. tsc prints "error TS" lines when it fails.
if (/error TS\d+/.test(log)) failed++;
else if (log.includes('tsc --noEmit')) passed++;
else failed++;

// Lint: one check. ESLint prints "✖ N problems" when it fails (and nothing when it passes).
if (/✖ \d+ problems?/.test(log)) failed++;
else if (log.includes('> eslint ')) passed++;
else failed++;

// Unit/service tests: the whole suite on SQLite (vitest.json) and again on PostgreSQL
// (vitest-postgres.json, npm run test:unit:postgres); both are required.
for (const [file, engine, required] of [['vitest.json', 'SQLite', true], ['vitest-postgres.json', 'PostgreSQL', true]]) {
  const vitestFile = path.join(dir, file);
  if (existsSync(vitestFile)) {
    const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  } else if (required) {
    console.log(`vitest report missing (${engine}: ${file})`);
    failed++;
  }
}

const pwFile = path.join(dir, 'playwright.json');
if (existsSync(pwFile)) {
  const r = JSON.parse(readFileSync(pwFile, 'utf8'));
  passed += r.stats.expected + (r.stats.flaky ?? 0);
  failed += r.stats.unexpected;
  if ((r.errors ?? []).length) failed++;
} else {
  console.log('playwright report missing');
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
