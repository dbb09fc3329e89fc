import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

describe('shipshape CLI', () => {
  let tmp = tempDbPath();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempDbPath();
  });

  it('info --json reports version, database path and schema', () => {
    const r = runCli(['info', '--db', tmp.dbPath, '--json']);
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ name: 'Shipshape', databasePath: tmp.dbPath, transport: 'cli' });
  });

  it('check exits 0 on a healthy database and 1 on a corrupted one, naming the problem', () => {
    expect(runCli(['check', '--db', tmp.dbPath]).status).toBe(0);
    const broken = `${tmp.dir}/broken.sqlite`;
    writeFileSync(broken, 'this is not a database at all'.repeat(200));
    const r = runCli(['check', '--db', broken]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/not a database/);
  });

  it('pair creates a code and lists tokens; bad usage exits 2 with a message', () => {
    const created = runCli(['pair', '--name', 'Pack 1', '--db', tmp.dbPath, '--json']);
    expect(created.json().code).toMatch(/^[A-Z2-9]{8}$/);
    expect(runCli(['pair', '--list', '--db', tmp.dbPath, '--json']).json()).toEqual([]);
    const bad = runCli(['pair', '--db', tmp.dbPath]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--name');
  });

  it('honours SHIPSHAPE_DB', () => {
    const r = runCli(['info', '--json'], { SHIPSHAPE_DB: tmp.dbPath });
    expect(r.json().databasePath).toBe(tmp.dbPath);
  });
});
