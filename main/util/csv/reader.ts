import { isUtf8 } from 'node:buffer';
import { CsvTokenizer, isBrokenRecord, type CsvTokenizerError } from './tokenizer';
import { quoteValue } from '../quote-value';

/**
 * Streaming CSV reading shared by every CSV importer (orders and catalog): strict UTF-8, BOM removed,
 * each record tagged with the file line it starts on, and fatal problems (broken quotes, bad bytes)
 * raised as CsvReadError with that line so the user can open the file and find it.
 */

/** Anything we can read a CSV from: a file stream, an HTTP body, a Buffer or a string. */
export type CsvInput = string | Uint8Array | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface CsvRecord {
  /** 1-based line in the file where the record starts; the header is line 1. */
  row: number;
  cells: string[];
  /** Read with `recover`: this line could not be read (a broken quote); `cells` is empty. */
  error?: string;
}

export interface CsvReadOptions {
  /**
   * Report a record with a broken quote as a record with `error` and read on from the next line,
   * so one bad row does not hide the problems of every row after it. Default: the first broken
   * record ends the file (CsvReadError), as for small tables where nothing after it is trusted.
   */
  recover?: boolean;
}

/** A problem that stops the whole file (nothing after it can be trusted). */
export class CsvReadError extends Error {
  constructor(
    readonly row: number,
    message: string,
    /** True for bad bytes: `row` is then the line of the byte, not the start of a record. */
    readonly encoding = false,
  ) {
    super(message);
    this.name = 'CsvReadError';
  }
}

/**
 * Yields every record (header included) of a CSV input. Throws CsvReadError on unreadable input,
 * after yielding every record that precedes the problem (so callers can report "imported up to row N").
 */
export async function* readCsvRecords(input: CsvInput, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvRecordBatches(input, options)) yield* batch;
}

/** Most records per batch: a consumer doing work per record gets back to the event loop at least this often. */
const MAX_BATCH = 1024;

/**
 * Same as readCsvRecords, in batches. Hot importers (products) use this: one await per batch instead
 * of one per record roughly halves the per-row overhead.
 *
 * Records come from CsvTokenizer (tokenizer.ts), which reads what csv-parse read with
 * `relax_column_count` and reports the same errors, several times faster. Row numbers are counted
 * here: a record spans one line plus one per newline inside its quoted cells; blank lines come
 * through as [''] so they are counted, then dropped.
 */
export async function* readCsvRecordBatches(input: CsvInput, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord[]> {
  let encodingFailure: CsvReadError | null = null;
  const tokenizer = new CsvTokenizer(options.recover ?? false);
  const chunks = utf8CheckedChunks(input, { completedLines: 0 }, (error) => (encodingFailure ??= error));
  let first = true;
  let nextRow = 1;
  let stopped = false;
  try {
    while (!stopped) {
      const next = await chunks.next();
      const cellsOut: string[][] = [];
      if (next.done) tokenizer.end(cellsOut);
      else {
        let bytes = next.value;
        if (first) {
          first = false;
          if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        }
        tokenizer.push(bytes, cellsOut);
      }
      let batch: CsvRecord[] = [];
      for (const cells of cellsOut) {
        const row = nextRow;
        let endRow = row;
        for (const cell of cells) if (cell.includes('\n')) endRow += countLineBreaks(cell);
        if (isBrokenRecord(cells)) {
          // Reading went on at the next line: the broken record stands for its first line only.
          nextRow = row + 1;
          batch.push({ row, cells: [], error: describeCsvError(cells.broken, row, true) });
          continue;
        }
        const badBytes = encodingFailure as CsvReadError | null;
        if (badBytes && endRow >= badBytes.row) {
          stopped = true;
          break;
        }
        nextRow = endRow + 1;
        if (cells.length === 1 && cells[0] === '') continue;
        batch.push({ row, cells });
        if (batch.length >= MAX_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      if (next.done || tokenizer.error) break;
    }
  } finally {
    await chunks.return(undefined);
  }
  const failure = firstFailure(tokenizer.error, nextRow, encodingFailure);
  if (failure) throw failure;
}

/**
 * The records of a CSV already in memory (small tables: zone charts, rate cards, tracking files),
 * synchronously, with the same tokenizer, row numbers and errors as readCsvRecords: blank lines are
 * counted and dropped, a broken quote throws CsvReadError naming the row where its record starts.
 */
export function readCsvRecordsSync(text: string): CsvRecord[] {
  const tokenizer = new CsvTokenizer();
  const cellsOut: string[][] = [];
  tokenizer.push(Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8'), cellsOut);
  tokenizer.end(cellsOut);
  const records: CsvRecord[] = [];
  let nextRow = 1;
  for (const cells of cellsOut) {
    const row = nextRow;
    nextRow = row + 1;
    for (const cell of cells) if (cell.includes('\n')) nextRow += countLineBreaks(cell);
    if (cells.length === 1 && cells[0] === '') continue;
    records.push({ row, cells });
  }
  const failure = firstFailure(tokenizer.error, nextRow, null);
  if (failure) throw failure;
  return records;
}

/** The earliest problem wins: later ones are usually echoes of it (a stray quote swallows the rest). */
function firstFailure(parseFailure: CsvTokenizerError | null, parseRow: number, encodingFailure: CsvReadError | null): CsvReadError | null {
  const parseError = parseFailure ? new CsvReadError(parseRow, describeCsvError(parseFailure, parseRow)) : null;
  if (parseError && encodingFailure) return parseError.row < encodingFailure.row ? parseError : encodingFailure;
  return parseError ?? encodingFailure;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function describeCsvError(error: CsvTokenizerError, row: number, recovered = false): string {
  switch (error.code) {
    case 'QUOTE_NOT_CLOSED':
      return recovered
        ? `row ${row}: a quoted field is opened but never closed (a stray " character?); the row was skipped, reading went on at the next line`
        : `row ${row}: a quoted field is opened but never closed (a stray " character?); nothing after it could be read`;
    case 'INVALID_CLOSING_QUOTE':
      return `row ${row}: text follows a closing quote; quotes inside a field must be doubled ("")`;
    case 'INVALID_OPENING_QUOTE':
      return `row ${row}: a quote inside unquoted field ${error.cell + 1} (after ${quoteValue(error.detail)}); put the whole field in quotes and double the quotes inside it ("")`;
  }
}

type LineTracker = { completedLines: number };

/**
 * Passes bytes through unchanged after checking they are UTF-8. A multi-byte character split across
 * two chunks is held back and joined to the next chunk. At the first bad byte it passes on the good
 * bytes before it, reports the line, and ends the stream (rather than erroring it, which would make
 * the parser drop records it has not handed out yet).
 */
async function* utf8CheckedChunks(input: CsvInput, lines: LineTracker, reportFatal: (error: CsvReadError) => void): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  let first = true;
  for await (const piece of toChunks(input)) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (first && chunk.length > 0) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        reportFatal(new CsvReadError(1, 'the file is UTF-16 (Excel "Unicode Text"); save it as "CSV UTF-8" and import again', true));
        return;
      }
    }
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      carry = null;
    }
    const tail = incompleteTailLength(chunk);
    const complete = tail > 0 ? chunk.subarray(0, chunk.length - tail) : chunk;
    if (tail > 0) carry = Buffer.from(chunk.subarray(chunk.length - tail));
    if (!isUtf8(complete)) {
      const offset = firstInvalidUtf8Offset(complete);
      if (offset > 0) yield complete.subarray(0, offset);
      reportFatal(invalidByteError(complete, offset, lines));
      return;
    }
    lines.completedLines += countNewlines(complete);
    if (complete.length > 0) yield complete;
  }
  if (carry) reportFatal(invalidByteError(carry, 0, lines));
}

/** Whole inputs (a string, a Buffer) are cut into pieces so records reach the consumer in batches. */
const PIECE = 1 << 16;

async function* toChunks(input: CsvInput): AsyncGenerator<Uint8Array | string> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
    return;
  }
  yield* input as AsyncIterable<Uint8Array | string>;
}

function invalidByteError(bytes: Buffer, offset: number, lines: LineTracker): CsvReadError {
  const line = lines.completedLines + countNewlines(bytes.subarray(0, offset)) + 1;
  const byte = bytes[offset] ?? 0;
  return new CsvReadError(
    line,
    `line ${line}: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8; ` +
      'the file looks like it was saved as Windows-1252/Latin-1. Save it as "CSV UTF-8" and import again',
    true,
  );
}

/** Bytes at the end of `buf` that start a multi-byte character whose remaining bytes are in the next chunk. */
function incompleteTailLength(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back];
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? back : 0;
    }
  }
  return 0;
}

function countNewlines(buf: Buffer): number {
  let count = 0;
  let at = buf.indexOf(0x0a);
  while (at !== -1) {
    count++;
    at = buf.indexOf(0x0a, at + 1);
  }
  return count;
}

/** Only called once we know the buffer is bad, so a plain loop is fine. */
function firstInvalidUtf8Offset(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const byte = buf[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > buf.length) return i;
    if (!isUtf8(buf.subarray(i, i + length))) return i;
    i += length;
  }
  return buf.length;
}

/**
 * Header lookup by name, case- and space-insensitive, because exports differ in capitalisation
 * ("Lineitem sku" vs "Financial Status") and hand-made files add stray spaces.
 */
export class CsvHeader {
  private readonly indexByName = new Map<string, number>();

  constructor(readonly names: string[]) {
    names.forEach((name, index) => {
      const key = CsvHeader.normalise(name);
      if (!this.indexByName.has(key)) this.indexByName.set(key, index);
    });
  }

  static normalise(name: string): string {
    return name.trim().toLowerCase().replace(/\s+/g, ' ');
  }

  has(name: string): boolean {
    return this.indexByName.has(CsvHeader.normalise(name));
  }

  indexOf(name: string): number {
    return this.indexByName.get(CsvHeader.normalise(name)) ?? -1;
  }

  missing(required: readonly string[]): string[] {
    return required.filter((name) => !this.has(name));
  }

  /** A getter bound to one column; returns the trimmed cell, '' when the column or the cell is absent. */
  column(name: string): (cells: string[]) => string {
    const index = this.indexOf(name);
    if (index < 0) return () => '';
    return (cells) => (cells[index] ?? '').trim();
  }
}

/** Error when a record has more cells than the header: almost always an unquoted comma in a value. */
export function extraCellsMessage(cellCount: number, headerCount: number): string | null {
  if (cellCount <= headerCount) return null;
  return `row has ${cellCount} cells but the header has ${headerCount}; a value probably contains an unquoted comma`;
}
