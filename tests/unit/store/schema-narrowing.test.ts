import type { Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type * as Generated from '../../../main/store/schema.generated';
import type * as Schema from '../../../main/store/schema';

// schema.ts takes its table types from schema.generated.ts (the migrated schema) and narrows a
// column only where SQL cannot say it (a status union). These types make the typecheck fail when a
// narrowing stops fitting the database — a wider type, a nullable column declared NOT NULL's
// opposite, a column the database does not have — or when a table is missing from schema.ts.

/** The columns of table N whose selected type does not fit the database's (G). */
type Misfits<N, G> = { [K in keyof N]: K extends keyof G ? ([Selectable<N>[K & keyof Selectable<N>]] extends [Selectable<G>[K & keyof Selectable<G>]] ? never : K) : K }[keyof N];
/** The columns the database has that table N lacks. */
type Missing<N, G> = Exclude<keyof G, keyof N>;

type TableMisfits = { [T in keyof Generated.DB]: T extends keyof Schema.DB ? Misfits<Schema.DB[T], Generated.DB[T]> | Missing<Schema.DB[T], Generated.DB[T]> : `table ${T & string} missing` }[keyof Generated.DB];
type ExtraTables = Exclude<keyof Schema.DB, keyof Generated.DB>;

// `never` when everything fits; otherwise the names of what does not, in the compiler's message.
const misfits: [TableMisfits] extends [never] ? 'none' : TableMisfits = 'none';
const extraTables: [ExtraTables] extends [never] ? 'none' : ExtraTables = 'none';

describe('main/store/schema.ts', () => {
  it('narrows the migrated schema without leaving it (checked by the typecheck; see the types above)', () => {
    expect([misfits, extraTables]).toEqual(['none', 'none']);
  });
});
