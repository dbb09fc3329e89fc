import { describe, expect, it } from 'vitest';
import { CsvReadError, readCsvRecords, type CsvInput } from '../../../main/util/csv';

async function all(input: CsvInput, recover: boolean) {
  const out: { row: number; cells: string[]; error?: string }[] = [];
  for await (const r of readCsvRecords(input, { recover })) out.push(r);
  return out;
}

const FILE = ['sku,name', 'A,"multi', 'line",ok', 'B,Tee 12" shirt', 'C,"Mug" large', 'D,fine', 'E,"never closed', 'F,last'].join('\r\n');

describe('CSV reader, recovering from broken quotes', () => {
  it('without recover, the first broken record ends the file (as before)', async () => {
    await expect(all(FILE, false)).rejects.toBeInstanceOf(CsvReadError);
  });

  it('reports each broken row with its line and reads on from the next line, however the bytes are cut', async () => {
    const expected = [
      { row: 1, cells: ['sku', 'name'] },
      { row: 2, cells: ['A', 'multi\r\nline', 'ok'] },
      { row: 4, cells: [], error: expect.stringMatching(/^row 4: a quote inside unquoted field 2/) },
      { row: 5, cells: [], error: expect.stringMatching(/^row 5: text follows a closing quote/) },
      { row: 6, cells: ['D', 'fine'] },
      { row: 7, cells: [], error: expect.stringMatching(/^row 7: a quoted field is opened but never closed.*next line/) },
      { row: 8, cells: ['F', 'last'] },
    ];
    expect(await all(FILE, true)).toEqual(expected);
    // One byte at a time: the same records, rows and errors.
    const bytes = Buffer.from(FILE);
    const oneByOne = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await all(oneByOne, true)).toEqual(expected);
  });

  it('a quote opened early swallows lines until the next quote; the lines after its first are read again', async () => {
    const records = await all(['a,b', '1,"open', '2,x', '3,"y" z', '4,w'].join('\n'), true);
    expect(records.map((r) => [r.row, r.error ? 'error' : r.cells.join('|')])).toEqual([
      [1, 'a|b'],
      [2, 'error'],
      [3, '2|x'],
      [4, 'error'],
      [5, '4|w'],
    ]);
  });
});
