import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresBinDir, startPostgres } from '../../helpers/postgres';

describe('the throwaway PostgreSQL server for tests', () => {
  it('serves a database on loopback, then stops and leaves no files behind', async () => {
    const pg = await startPostgres('helper_check');
    try {
      expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/helper_check`);
      expect(pg.psql('select current_database() || \' \' || current_setting(\'server_version_num\')').trim()).toMatch(/^helper_check 1[5-9]\d{4}$/);
      // The cluster belongs to the unprivileged postgres user, as the server demands.
      expect(pg.psql("select pg_catalog.pg_get_userbyid(datdba) from pg_database where datname = 'helper_check'").trim()).toBe('postgres');
    } finally {
      await pg.stop();
    }
    expect(existsSync(pg.dir)).toBe(false);
    expect(() => pg.psql('select 1')).toThrow(/connect|Connection refused/i);
  });

  it('names the apt-get command when PostgreSQL is not installed', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-postgres-'));
    try {
      expect(() => postgresBinDir(empty)).toThrow('Install it with: apt-get install -y postgresql');
      expect(() => postgresBinDir(join(empty, 'missing'))).toThrow('apt-get install -y postgresql');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
