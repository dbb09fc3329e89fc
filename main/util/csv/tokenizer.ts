/**
 * A streaming RFC 4180 CSV tokenizer (delimiter `,`, quote and escape `"`), written to give exactly
 * the records and the errors csv-parse gave with the options we used (`relax_column_count`, no
 * trimming, no comments, blank lines kept as ['']), at several times its speed: it finds the next
 * character that matters with a byte scan (or Buffer#indexOf inside quotes) and decodes each cell
 * with one call instead of copying it byte by byte.
 *
 * Input is UTF-8 bytes cut at character boundaries (reader.ts checks the encoding first).
 * Cells are decoded from the bytes, so each is a fresh string: a slice of a large decoded chunk would
 * keep the whole chunk alive for as long as any cell of it is kept (a SKU in a duplicate check).
 *
 * Semantics (the csv-parse ones):
 * - The record delimiter is discovered: the first `\r\n`, `\n` or `\r` found outside quotes (or right
 *   after a closing quote). From then on only that sequence ends a record; other line-break
 *   characters are ordinary characters of an unquoted cell.
 * - A quote opens a quoted cell only at the start of a cell; a quote inside an unquoted cell is an
 *   error (INVALID_OPENING_QUOTE). Inside quotes `""` is one quote; a closing quote must be followed
 *   by `,`, the record delimiter or the end of the input (INVALID_CLOSING_QUOTE otherwise). Input that
 *   ends inside quotes is QUOTE_NOT_CLOSED.
 * - A last record without a trailing delimiter is still a record; a trailing delimiter adds none.
 * - The first error stops the tokenizer: every record before the broken one has been emitted, nothing
 *   after it is. With `recover`, the broken record is emitted as a BrokenRecord instead and reading
 *   goes on at the line after the one the broken record starts on, so every later row (and every
 *   later broken one) is still read and reported.
 *
 * Chunks may split anywhere between characters (also inside `\r\n` or `""`): the tokenizer keeps its state and waits for
 * the characters it needs to decide, so the result does not depend on how the input was cut.
 * The BOM is not handled here (see reader.ts).
 */

export type CsvTokenizerErrorCode = 'QUOTE_NOT_CLOSED' | 'INVALID_CLOSING_QUOTE' | 'INVALID_OPENING_QUOTE';

export interface CsvTokenizerError {
  code: CsvTokenizerErrorCode;
  /** Records emitted before the broken one (blank records included): the broken one's index. */
  recordIndex: number;
  /** 0-based cell of the broken record where the problem is. */
  cell: number;
  /** INVALID_OPENING_QUOTE: the cell's text before the stray quote; INVALID_CLOSING_QUOTE: the character after the quote. */
  detail: string;
}

/** A record that could not be read (recover mode): no cells, the problem; it stands for one line. */
export type BrokenRecord = string[] & { broken: CsvTokenizerError };

export function isBrokenRecord(cells: string[]): cells is BrokenRecord {
  return (cells as Partial<BrokenRecord>).broken !== undefined;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  /** '' until discovered. */
  private recordDelimiter: '' | '\r\n' | '\n' | '\r' = '';
  private quoting = false;
  /** Text of the current cell gathered so far (quoted content, or unquoted text from earlier chunks). */
  private field = '';
  private record: string[] = [];
  /** Bytes that need look-ahead which has not arrived yet. */
  private pending: Buffer | null = null;
  private records = 0;
  private ended = false;
  /** Recover mode, after a broken record whose line's end has not arrived yet: drop bytes up to it. */
  private skippingLine = false;
  error: CsvTokenizerError | null = null;

  constructor(private readonly recover = false) {}

  /** Tokenizes one more chunk; complete records are appended to `out`. */
  push(bytes: Buffer, out: string[][]): void {
    if (this.error || this.ended) return;
    let buf = this.pending === null ? bytes : Buffer.concat([this.pending, bytes]);
    this.pending = null;
    if (this.skippingLine) {
      const next = this.afterLineBreak(buf);
      if (next === null) return;
      this.skippingLine = false;
      buf = next;
    }
    this.run(buf, false, out);
  }

  /** No more input: emits the last record (or reports an unclosed quote). */
  end(out: string[][]): void {
    if (this.error || this.ended) return;
    this.ended = true;
    let buf = this.pending ?? Buffer.alloc(0);
    this.pending = null;
    if (this.skippingLine) return;
    for (;;) {
      this.run(buf, true, out);
      if (this.error || this.skippingLine) return;
      if (!this.quoting) break;
      // A quote opened and never closed swallowed the rest of the input: (recovering) read it again from the line after.
      const resume = this.broken('QUOTE_NOT_CLOSED', '', Buffer.alloc(0), true, out);
      if (resume === null) return;
      buf = resume;
    }
    if (this.field.length !== 0 || this.record.length !== 0 || this.lastCellQuoted) {
      this.record.push(this.field);
      this.emit(out);
    }
  }

  /** True when the cell being read was quoted (an empty quoted last cell still makes a record). */
  private lastCellQuoted = false;

  private fail(code: CsvTokenizerErrorCode, detail: string): void {
    this.error = { code, recordIndex: this.records, cell: this.record.length, detail };
  }

  private emit(out: string[][]): void {
    out.push(this.record);
    this.record = [];
    this.field = '';
    this.lastCellQuoted = false;
    this.records++;
  }

  /**
   * Length of the record delimiter at `at` (discovering it if not yet known), 0 if there is none,
   * or -1 when the answer depends on characters not yet received.
   */
  private delimiterAt(buf: Buffer, at: number, final: boolean): number {
    const c = buf[at];
    if (c !== LF && c !== CR) return 0;
    const rd = this.recordDelimiter;
    if (rd === '\n') return c === LF ? 1 : 0;
    if (rd === '\r') return c === CR ? 1 : 0;
    if (c === CR) {
      if (at + 1 >= buf.length && !final) return -1;
      const crlf = buf[at + 1] === LF;
      if (rd === '\r\n') return crlf ? 2 : 0;
      this.recordDelimiter = crlf ? '\r\n' : '\r';
      return crlf ? 2 : 1;
    }
    // LF
    if (rd === '\r\n') return 0;
    this.recordDelimiter = '\n';
    return 1;
  }

  private run(buf: Buffer, final: boolean, out: string[][]): void {
    let next: Buffer | null = buf;
    while (next !== null) next = this.scan(next, final, out);
  }

  /** Tokenizes `buf`; returns the bytes to go on with after a broken record (recover mode), else null. */
  private scan(buf: Buffer, final: boolean, out: string[][]): Buffer | null {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.quoting) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1) {
          this.field += buf.toString('utf8', i, n);
          return null;
        }
        if (q > i) this.field += buf.toString('utf8', i, q);
        // Deciding what the quote means may need the two bytes after it.
        if (q + 2 >= n && !final) {
          this.pending = Buffer.from(buf.subarray(q));
          return null;
        }
        if (q + 1 < n && buf[q + 1] === QUOTE) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        // A closing quote: what follows must end the cell.
        const next = q + 1 < n ? buf[q + 1] : -1;
        // (csv-parse also accepts a NUL character here, as if the input ended.)
        if (next === -1 || next === 0 || next === COMMA || this.delimiterAt(buf, q + 1, final) > 0) {
          this.quoting = false;
          this.lastCellQuoted = true;
          i = q + 1;
          continue;
        }
        return this.broken('INVALID_CLOSING_QUOTE', buf.toString('utf8', q + 1, Math.min(n, q + 5)).slice(0, 1), buf.subarray(q), final, out);
      }

      // Unquoted: scan to the next byte that means something (none of them occurs inside a
      // multi-byte UTF-8 character).
      let j = i;
      for (; j < n; j++) {
        const c = buf[j];
        if (c === COMMA) {
          this.record.push(this.cell(buf, i, j));
          this.lastCellQuoted = false;
          i = j + 1;
        } else if (c === QUOTE) {
          if (this.field.length !== 0 || j > i) {
            const before = this.field + buf.toString('utf8', i, j);
            this.field = before;
            return this.broken('INVALID_OPENING_QUOTE', before, buf.subarray(j), final, out);
          }
          this.quoting = true;
          i = j + 1;
          break;
        } else if (c === LF || c === CR) {
          const length = this.delimiterAt(buf, j, final);
          if (length === -1) {
            if (j > i) this.field += buf.toString('utf8', i, j);
            this.pending = Buffer.from(buf.subarray(j));
            return null;
          }
          if (length > 0) {
            this.record.push(this.cell(buf, i, j));
            this.emit(out);
            j += length - 1;
            i = j + 1;
          }
        }
      }
      if (j >= n) {
        if (n > i) this.field += buf.toString('utf8', i, n);
        return null;
      }
    }
    return null;
  }

  /**
   * A broken record. Without `recover`: the error, and the tokenizer stops. With it: a BrokenRecord
   * goes out, and reading resumes at the line after the broken record's first line: the record as
   * read so far (its cells quoted again, so the bytes mean what they meant) and the unread `rest`
   * are scanned for that line break; null when it is not there yet (the next chunk is skipped to it).
   */
  private broken(code: CsvTokenizerErrorCode, detail: string, rest: Buffer, final: boolean, out: string[][]): Buffer | null {
    this.fail(code, detail);
    if (!this.recover) return null;
    const error = this.error!;
    this.error = null;
    const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const sofar = [...this.record.map(quoted), this.quoting ? `"${this.field.replaceAll('"', '""')}` : this.field].join(',');
    this.record = [];
    this.field = '';
    this.quoting = false;
    this.lastCellQuoted = false;
    this.records++;
    out.push(Object.assign([] as string[], { broken: error }));
    const next = this.afterLineBreak(Buffer.concat([Buffer.from(sofar, 'utf8'), rest]));
    if (next === null && !final) this.skippingLine = true;
    return next;
  }

  /** The bytes after the first record delimiter (any line break while none is known yet); null when there is none. */
  private afterLineBreak(buf: Buffer): Buffer | null {
    const rd = this.recordDelimiter;
    const lf = rd === '\r' ? -1 : buf.indexOf(LF);
    const cr = rd === '\n' || rd === '\r\n' ? -1 : buf.indexOf(CR);
    const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (at === -1) return null;
    return buf.subarray(at + (buf[at] === CR && buf[at + 1] === LF ? 2 : 1));
  }

  /** The current cell: text gathered earlier plus bytes [from, to); resets the gathered text. */
  private cell(buf: Buffer, from: number, to: number): string {
    const field = this.field;
    this.field = '';
    if (from === to) return field;
    const text = buf.toString('utf8', from, to);
    return field === '' ? text : field + text;
  }
}
