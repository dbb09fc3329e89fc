import { describe, expect, it } from 'vitest';
import { toPostgresPlaceholders } from '../../../main/store/postgres-sql';

describe("SQLite's ? placeholders rewritten for PostgreSQL", () => {
  it('numbers each bare ? in order, and keeps SQLite numbering for ?NNN', () => {
    expect(toPostgresPlaceholders('select * from t where a = ? and b in (?, ?)')).toMatchObject({ text: 'select * from t where a = $1 and b in ($2, $3)', parameters: 3 });
    // As in SQLite, a bare ? after ?2 is ?3.
    expect(toPostgresPlaceholders('update t set a = ?2, b = ? where id = ?1')).toMatchObject({ text: 'update t set a = $2, b = $3 where id = $1', parameters: 3 });
  });

  it('leaves a ? alone inside literals, quoted names, comments and dollar-quoted bodies', () => {
    const sql = `select 'why?' as "what?", 'it''s ?' -- ok?
      , ? /* and ? */ , $$ raise '?' $$, $fn$ ? $fn$, ?`;
    expect(toPostgresPlaceholders(sql)).toMatchObject({
      text: `select 'why?' as "what?", 'it''s ?' -- ok?
      , $1 /* and ? */ , $$ raise '?' $$, $fn$ ? $fn$, $2`,
      parameters: 2,
    });
  });

  it('tells a RETURNING clause and several statements from the same words inside literals', () => {
    expect(toPostgresPlaceholders("insert into t (note) values ('returning; soon')")).toMatchObject({ returning: false, multiStatement: false });
    expect(toPostgresPlaceholders('insert into t (a) values (?) RETURNING id;')).toMatchObject({ returning: true, multiStatement: false });
    expect(toPostgresPlaceholders('create table a (x int); create table b (y int)')).toMatchObject({ multiStatement: true, parameters: 0 });
  });
});
