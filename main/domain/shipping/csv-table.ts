/**
 * Reads a small CSV into header-keyed rows with their spreadsheet line numbers, so each
 * format parser can validate row by row and report `{row, column, message}`.
 */
import { CsvReadError, readCsvRecordsSync, type CsvRecord } from '../../util/csv';
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
 * Read by the same tokenizer as every other import (main/util/csv/reader.ts), so a row number here is the
 * file's line: csv-parse, used before, counted a quoted CR LF as two lines and named rows past
 * the end of the file.
 */
export function readCsvTable(text: string, columns: Record<string, string[]>): CsvTable {
  let records: CsvRecord[];
  try {
    records = readCsvRecordsSync(text).map((r) => ({ row: r.row, cells: r.cells.map((c) => c.trim()) }));
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    // Published samples carry unquoted notes such as fetch_zones("123","581") in a trailing
    // column, or a space before a quoted value. Our columns never need quoting, so read again
    // with quoting off and strip a surrounding pair of quotes (a value left with a quote in it is
    // then refused by its column's rule, on its own row).
    records = readUnquoted(text);
  }
  if (records.length === 0) return { ok: false, errors: [{ row: 1, column: '', message: 'file is empty: expected a header row' }] };

  const header = records[0].cells.map((h) => h.toLowerCase());
  const indexOf: Record<string, number> = {};
  const errors: CsvRowError[] = [];
  for (const [canonical, aliases] of Object.entries(columns)) {
    const index = header.findIndex((h) => aliases.includes(h));
    if (index < 0) errors.push({ row: records[0].row, column: canonical, message: `missing column "${canonical}" (accepted headers: ${aliases.join(', ')})` });
    indexOf[canonical] = index;
  }
  if (errors.length > 0) return { ok: false, errors };

  const rows = records.slice(1).map(({ row, cells }) => ({
    row,
    get: (column: string) => cells[indexOf[column]] ?? '',
  }));
  return { ok: true, rows };
}

/** Lines split at commas with quoting off (csv-parse's `quote: false`), cells trimmed and unwrapped from one pair of quotes. */
function readUnquoted(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      records.push({ row: index + 1, cells: line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')) });
    });
  return records;
}

