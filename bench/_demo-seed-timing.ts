// Seeding time of the demo shop per seeder, on SQLite or PostgreSQL: `npx tsx bench/_demo-seed-timing.ts [sqlite|postgres]`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/clock';
import { openApp } from '../main/app';
import { startPostgres } from '../tests/helpers/postgres';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
// Optional: another copy of main/demo (to compare data before/after a change), and a file for a per-table fingerprint.
const demoDir = process.argv[3] ?? '../main/demo';
const fingerprintFile = process.argv[4];
const { seedDemo } = (await import(`${demoDir}/index`)) as typeof import('../main/demo/index');
const { DEMO_SEEDERS } = (await import(`${demoDir}/seeders`)) as typeof import('../main/demo/seeders');
const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-demo-timing-'));
const pg = engine === 'postgres' ? await startPostgres('demo') : null;
const dbPath = pg ? pg.url : path.join(dir, 'demo.sqlite');
const app = await openApp({ dbPath, clock: new ManualClock(new Date('2026-11-02T15:00:00Z')) });
const times: Record<string, number> = {};
// Statements per seeder on PostgreSQL (every statement goes through PostgresStore's private execute()).
let statements = 0;
const store = app.store as unknown as { execute?: (...args: unknown[]) => Promise<unknown> };
if (store.execute) {
  const execute = store.execute.bind(store);
  store.execute = (...args: unknown[]) => {
    statements++;
    return execute(...args);
  };
}
for (const seeder of DEMO_SEEDERS) {
  const original = seeder.seed.bind(seeder);
  seeder.seed = async (ctx) => {
    const t0 = performance.now();
    const s0 = statements;
    await original(ctx);
    times[seeder.name] = Math.round(performance.now() - t0);
    console.error(`${seeder.name}: ${times[seeder.name]} ms, ${statements - s0} statements`);
  };
}
const invoke = app.invoke.bind(app);
(app as { invoke: unknown }).invoke = async (name: string, ...rest: unknown[]) => {
  const t = performance.now();
  try {
    return await (invoke as (n: string, ...r: unknown[]) => Promise<unknown>)(name, ...rest);
  } finally {
    if (name === 'calendar.update') times[name] = Math.round(performance.now() - t);
  }
};
const t0 = performance.now();
await seedDemo(app, { seed: 7 });
const total = Math.round(performance.now() - t0);
const counts = await app.store.raw<{ order_rows: number; movements: number; products: number }>(
  'select (select count(*) from sales_order) as order_rows, (select count(*) from stock_movement) as movements, (select count(*) from product) as products',
);
console.log(JSON.stringify({ engine, total, ...times, ...counts[0] }));
if (fingerprintFile) {
  const { createHash } = await import('node:crypto');
  const { writeFileSync } = await import('node:fs');
  const tables = engine === 'sqlite'
    ? await app.store.raw<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'product_search%' order by name")
    : await app.store.raw<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name");
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const rows = await app.store.raw<Record<string, unknown>>(`select * from ${name} order by 1`);
    out[name] = `${rows.length} ${createHash('sha1').update(JSON.stringify(rows)).digest('hex').slice(0, 12)}`;
    writeFileSync(`${fingerprintFile}.${name}.json`, JSON.stringify(rows, null, 1));
  }
  writeFileSync(fingerprintFile, JSON.stringify(out, null, 1));
}
await app.close();
await pg?.stop();
rmSync(dir, { recursive: true, force: true });
