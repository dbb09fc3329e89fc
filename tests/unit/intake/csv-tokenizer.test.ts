import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvReadError, readCsvRecords } from '../../../main/util/csv/reader';
import { CsvTokenizer } from '../../../main/util/csv/tokenizer';

/** Tokenizes `text` cut into the given pieces (cut between characters, as reader.ts guarantees). */
function tokenize(pieces: string[]) {
  const tokenizer = new CsvTokenizer();
  const records: string[][] = [];
  for (const piece of pieces) tokenizer.push(Buffer.from(piece, 'utf8'), records);
  tokenizer.end(records);
  return { records, error: tokenizer.error ? { code: tokenizer.error.code, recordIndex: tokenizer.error.recordIndex } : null };
}

/** What csv-parse gives with the options the reader used to pass it: records up to the first error, and that error. */
function reference(text: string) {
  let error: { code: string; recordIndex: number } | null = null;
  const all = parse(text, {
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (e) => {
      if (e && !error) error = { code: String(e.code).replace(/^CSV_/, ''), recordIndex: Number(e.records) };
      return undefined;
    },
  }) as string[][];
  const failed = error as { code: string; recordIndex: number } | null;
  return { records: failed ? all.slice(0, failed.recordIndex) : all, error: failed };
}

async function read(input: string | Buffer) {
  const records: { row: number; cells: string[] }[] = [];
  try {
    for await (const record of readCsvRecords(input)) records.push(record);
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    return { records, error: { row: error.row, message: error.message } };
  }
  return { records, error: null };
}

describe('CsvTokenizer', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes', () => {
    expect(tokenize(['a,"b, c","say ""hi""","two\nlines"\n1,2,3,4\n']).records).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('reads CRLF files, keeps blank lines as [""], adds no record for a trailing line break', () => {
    expect(tokenize(['a,b\r\n\r\n"x",\r\n']).records).toEqual([['a', 'b'], [''], ['x', '']]);
    expect(tokenize(['a,b']).records).toEqual([['a', 'b']]);
    expect(tokenize(['""']).records).toEqual([['']]);
    expect(tokenize(['']).records).toEqual([]);
  });

  it('gives the same result however the input is cut, also inside \\r\\n, "" and multi-byte text', () => {
    const text = 'sku,"name ""é"""\r\n"A-1","Müller, ""XL""\r\nnext"\r\nB,2\r\n';
    const whole = tokenize([text]);
    const chars = [...text];
    for (let cut = 1; cut < chars.length; cut++) {
      expect(tokenize([chars.slice(0, cut).join(''), chars.slice(cut).join('')])).toEqual(whole);
    }
    expect(tokenize(chars)).toEqual(whole);
  });

  it('stops at the first broken quote, after every record before it', () => {
    expect(tokenize(['a\n"b\nc\n'])).toEqual({ records: [['a']], error: { code: 'QUOTE_NOT_CLOSED', recordIndex: 1 } });
    expect(tokenize(['a\n"b"x,c\nd\n'])).toEqual({ records: [['a']], error: { code: 'INVALID_CLOSING_QUOTE', recordIndex: 1 } });
    expect(tokenize(['a\nb,c"d\ne\n'])).toEqual({ records: [['a']], error: { code: 'INVALID_OPENING_QUOTE', recordIndex: 1 } });
  });

  it('matches csv-parse on random inputs, cut at random places', () => {
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\n', '\r', '\r\n', 'é', ' ', '\u0000'];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 4000; k++) {
      const parts: string[] = [];
      const length = 1 + rnd(24);
      for (let c = 0; c < length; c++) parts.push(alphabet[rnd(alphabet.length)]);
      const text = parts.join('');
      const expected = reference(text);
      const chars = [...text];
      const cut = rnd(chars.length + 1);
      const actual = tokenize([chars.slice(0, cut).join(''), chars.slice(cut).join('')]);
      expect({ text, ...actual }).toEqual({ text, ...expected });
    }
  });
});

describe('readCsvRecords', () => {
  it('strips a UTF-8 BOM and numbers rows by the line they start on', async () => {
    const { records, error } = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku,name\r\nA,"two\r\nlines"\r\n\r\nB,x\r\n')]));
    expect(error).toBeNull();
    expect(records).toEqual([
      { row: 1, cells: ['sku', 'name'] },
      { row: 2, cells: ['A', 'two\r\nlines'] },
      { row: 5, cells: ['B', 'x'] },
    ]);
  });

  it('names the row of a broken quote and delivers the rows before it', async () => {
    const unclosed = await read('sku,name\nA,ok\nB,"never closed\nC,x\n');
    expect(unclosed.records.map((r) => r.row)).toEqual([1, 2]);
    expect(unclosed.error?.row).toBe(3);
    expect(unclosed.error?.message).toMatch(/^row 3: a quoted field is opened but never closed/);

    const closing = await read('sku,name\nA,"multi\nline"\nB,"bad"quote\n');
    expect(closing.records.map((r) => r.row)).toEqual([1, 2]);
    expect(closing.error?.message).toMatch(/^row 4: text follows a closing quote/);

    const opening = await read('sku,name\nA,5" screen\n');
    expect(opening.records.map((r) => r.row)).toEqual([1]);
    expect(opening.error?.message).toMatch(/^row 2: a quote inside unquoted field 2/);
  });

  it('stops at a bad byte with its line, and reports the earlier of a bad byte and a broken quote', async () => {
    const bytes = Buffer.concat([Buffer.from('sku,name\nA,ok\nB,caf'), Buffer.from([0xe9]), Buffer.from('\nC,x\n')]);
    const { records, error } = await read(bytes);
    expect(records.map((r) => r.row)).toEqual([1, 2]);
    expect(error?.row).toBe(3);
    expect(error?.message).toMatch(/byte 0xE9 is not valid UTF-8/);
  });

  it('reads a large text input in batches with the same rows', async () => {
    const lines = ['sku,name'];
    for (let i = 0; i < 30_000; i++) lines.push(`SKU-${i},"Name ${i}, with comma"`);
    const { records, error } = await read(`${lines.join('\n')}\n`);
    expect(error).toBeNull();
    expect(records).toHaveLength(30_001);
    expect(records[30_000]).toEqual({ row: 30_001, cells: ['SKU-29999', 'Name 29999, with comma'] });
  });
});
