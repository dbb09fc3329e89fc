/**
 * Reads a small CSV into header-keyed rows with their spreadsheet line numbers, so each
 * format parser can validate row by row and report `{row, column, message}`.
 */
import { parse } from 'csv-parse/sync';
import type { CsvRowError } from './types';

export interface CsvTableRow {
  /** 1-based line number of this record (the header is line 1). */
  row: number;
  get(column: string): string;
}

export type CsvTable = { ok: true; rows: CsvTableRow[] } | { ok: false; errors: CsvRowError[] };

/**
 * `columns` maps each canonical column to the header names accepted for it (first is the
 * canonical name); columns not listed are ignored, so files carrying notes still load.
 */
export function readCsvTable(text: string, columns: Record<string, string[]>): CsvTable {
  type Parsed = { record: string[]; info: { lines: number } }[];
  const read = (quoted: boolean): Parsed =>
    parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      ...(quoted ? {} : { quote: false }),
    }) as unknown as Parsed;
  let records: Parsed;
  try {
    records = read(true);
  } catch (error) {
    // Published samples carry unquoted notes such as fetch_zones("123","581") in a trailing
    // column. Our columns never need quoting, so read again with quoting off and strip a
    // surrounding pair of quotes; if that fails too, report the original problem.
    try {
      records = read(false).map(({ record, info }) => ({ record: record.map((f) => f.replace(/^"(.*)"$/, '$1')), info }));
    } catch {
      const e = error as { lines?: number; message: string };
      return { ok: false, errors: [{ row: e.lines ?? 0, column: '', message: `not valid CSV: ${e.message}` }] };
    }
  }
  if (records.length === 0) return { ok: false, errors: [{ row: 1, column: '', message: 'file is empty: expected a header row' }] };

  const header = records[0].record.map((h) => h.toLowerCase());
  const indexOf: Record<string, number> = {};
  const errors: CsvRowError[] = [];
  for (const [canonical, aliases] of Object.entries(columns)) {
    const index = header.findIndex((h) => aliases.includes(h));
    if (index < 0) errors.push({ row: records[0].info.lines, column: canonical, message: `missing column "${canonical}" (accepted headers: ${aliases.join(', ')})` });
    indexOf[canonical] = index;
  }
  if (errors.length > 0) return { ok: false, errors };

  const rows = records.slice(1).map(({ record, info }) => ({
    row: info.lines,
    get: (column: string) => record[indexOf[column]] ?? '',
  }));
  return { ok: true, rows };
}
