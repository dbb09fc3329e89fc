import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, readSchema, render } from '../../../scripts/gen-schema-types';

describe('main/store/schema.generated.ts', () => {
  it('matches the schema the migrations build (regenerate with `npx tsx scripts/gen-schema-types.ts`)', async () => {
    const fresh = render(await readSchema());
    // Compared line by line so a stale file names the table and column that changed.
    expect(readFileSync(GENERATED_PATH, 'utf8').split('\n')).toEqual(fresh.split('\n'));
  });

  it('types what the migrations say: NOT NULL, defaults and the rowid key, nullable columns, blobs', async () => {
    const schema = await readSchema();
    const column = (table: string, name: string) => schema[table].find((c) => c.name === name);
    // 0001 + 0018: the audit log's id is the rowid, outcome defaults to 'ok', detail may be null.
    expect(column('audit_log', 'id')).toEqual({ name: 'id', tsType: 'number', nullable: false, generated: true });
    expect(column('audit_log', 'outcome')).toEqual({ name: 'outcome', tsType: 'string', nullable: false, generated: true });
    expect(column('audit_log', 'detail')).toEqual({ name: 'detail', tsType: 'string', nullable: true, generated: false });
    // A text primary key is neither null nor generated.
    expect(column('setting', 'key')).toEqual({ name: 'key', tsType: 'string', nullable: false, generated: false });
    expect(column('print_job', 'payload')).toMatchObject({ tsType: 'Buffer', nullable: false });
    expect(column('forecast', 'per_day')).toMatchObject({ tsType: 'number', nullable: false });
    const text = render(schema);
    expect(text).toContain('  outcome: Generated<string>;');
    expect(text).toContain('  detail: string | null;');
    expect(text).toContain('  audit_log: AuditLogTable;');
  });
});
