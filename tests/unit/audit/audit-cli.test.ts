import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { openApp } from '../../../main/app';
import type { AuditEntryDto } from '../../../shared/api/audit';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

describe('shipshape audit', () => {
  let tmp = tempDbPath();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempDbPath();
  });

  it('--json lists changes newest first, filtered by --since (a shop day) and --actor; CLI changes say so', async () => {
    // January: a station and the owner adjust stock (the shop's calendar in UTC, so days are plain).
    const app = await openApp({ dbPath: tmp.dbPath, clock: new ManualClock(new Date('2026-01-05T10:00:00Z')) });
    await app.invoke('calendar.update', { timeZone: 'UTC' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 });
    await app.invoke('stock.adjust', { sku: 'MUG', delta: -1, reason: 'broken' }, { actor: 'station:Pack 1', role: 'packer', transport: 'http' });
    await app.close();
    // Now (the real clock, long after January): the CLI adjusts stock.
    expect(runCli(['stock', 'adjust', '--sku', 'MUG', '--delta', '3', '--reason', 'recount', '--db', tmp.dbPath]).status).toBe(0);

    const all = runCli(['audit', '--db', tmp.dbPath, '--json']);
    expect(all.status).toBe(0);
    expect((all.json() as AuditEntryDto[]).map((e) => e.action)).toEqual(['stock.adjust', 'stock.adjust', 'stock.receive', 'catalog.upsert', 'calendar.update']);

    const recent = runCli(['audit', '--since', '2026-02-01', '--db', tmp.dbPath, '--json']).json() as AuditEntryDto[];
    expect(recent).toEqual([expect.objectContaining({ actor: 'cli', transport: 'cli', action: 'stock.adjust', target: 'sku=MUG', detail: expect.objectContaining({ delta: 3, reason: 'recount' }) })]);

    const station = runCli(['audit', '--actor', 'station:Pack 1', '--db', tmp.dbPath, '--json']).json() as AuditEntryDto[];
    expect(station).toEqual([expect.objectContaining({ actor: 'station:Pack 1', role: 'packer', transport: 'http', at: '2026-01-05T10:00:00.000Z', shopTime: '2026-01-05T10:00' })]);

    // Reading the log leaves no trace in it, and a bad date is a usage error naming the option.
    expect((runCli(['audit', '--db', tmp.dbPath, '--json']).json() as AuditEntryDto[]).length).toBe(5);
    const bad = runCli(['audit', '--since', 'last week', '--db', tmp.dbPath]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--since');
  });

  it('a product file imported from the command line (not through the API router) is audited too', () => {
    const file = path.join(tmp.dir, 'products.csv');
    writeFileSync(file, 'sku,name\nA-1,First\nA-2,Second\n');
    expect(runCli(['import', 'products', '--format', 'csv', file, '--db', tmp.dbPath]).status).toBe(0);
    const rows = runCli(['audit', '--area', 'catalog', '--db', tmp.dbPath, '--json']).json() as AuditEntryDto[];
    expect(rows).toEqual([expect.objectContaining({ actor: 'cli', transport: 'cli', action: 'catalog.import', target: `file=${file}`, detail: expect.objectContaining({ created: 2 }) })]);
  });
});
