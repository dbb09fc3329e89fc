import type { ExportFormat, JournalDto, JournalEntryDto } from '../../../shared/api/accounting';
import { csvLine } from '../../util/csv-write';

/**
 * A closed period's journal in the formats bookkeepers import. Each is a pure function of the
 * stored journal, so an export is the same bytes every time.
 * - `journal`: generic double-entry CSV, every entry (sales, refunds, cost of goods, restocks, postage).
 * - `iif`: QuickBooks Desktop. Sales as CASH SALE (funds positive, income and tax splits negative),
 *   everything else as GENERAL JOURNAL; each transaction sums to 0; accounts declared in an !ACCNT
 *   block first (IIF refuses names it does not know); tab-delimited, CRLF, dates MM/DD/YY.
 * - `qbo`: QuickBooks Online "Import invoices" CSV (its auto-mapped headers), sales only.
 * - `xero`: Xero sales invoice CSV (the current 27-column template), sales only.
 * Cost of goods, refunds and postage are journal entries, not invoices: the invoice formats carry
 * sales, and the journal or IIF carries the rest.
 */
export function renderExport(journal: JournalDto, format: ExportFormat): { filename: string; contentType: string; content: string } {
  const base = `shipshape-${journal.from}_${journal.to}`;
  if (format === 'iif') return { filename: `${base}.iif`, contentType: 'text/plain', content: iif(journal) };
  if (format === 'qbo') return { filename: `${base}-qbo-invoices.csv`, contentType: 'text/csv', content: qbo(journal) };
  if (format === 'xero') return { filename: `${base}-xero-invoices.csv`, contentType: 'text/csv', content: xero(journal) };
  return { filename: `${base}-journal.csv`, contentType: 'text/csv', content: journalCsv(journal) };
}

/** Minor units as a plain decimal ("-19.35"), never through floating point. */
export function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function journalCsv(j: JournalDto): string {
  const rows = [csvLine(['date', 'entry', 'kind', 'account', 'debit', 'credit', 'currency', 'reference', 'memo'])];
  j.entries.forEach((e, i) => {
    for (const l of e.lines) rows.push(csvLine([e.date, i + 1, e.kind, j.accounts[l.account], l.debitCents ? decimal(l.debitCents) : '', l.creditCents ? decimal(l.creditCents) : '', e.currency, e.reference, e.memo]));
  });
  return `${rows.join('\n')}\n`;
}

// ---- QuickBooks Desktop IIF ----

const IIF_ACCOUNT_TYPES: Record<keyof JournalDto['accounts'], string> = {
  funds: 'OCASH',
  sales: 'INC',
  shipping_income: 'INC',
  sales_tax: 'OCLIAB',
  returns: 'INC',
  cogs: 'COGS',
  inventory: 'OCASH',
  postage: 'EXP',
  payable: 'AP',
};
const TRNS_COLUMNS = ['TRNSID', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'CLASS', 'AMOUNT', 'DOCNUM', 'MEMO', 'CLEAR', 'TOPRINT', 'NAMEISTAXABLE', 'ADDR1', 'ADDR2', 'ADDR3', 'ADDR4', 'ADDR5', 'DUEDATE', 'TERMS', 'PAID', 'SHIPDATE'];
const SPL_COLUMNS = ['SPLID', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'CLASS', 'AMOUNT', 'DOCNUM', 'MEMO', 'CLEAR', 'QNTY', 'PRICE', 'INVITEM', 'PAYMETH', 'TAXABLE', 'REIMBEXP', 'EXTRA'];

/** IIF fields cannot hold tabs or line breaks (nor quotes, which QuickBooks keeps literally). */
const iifText = (s: string | null | undefined) => (s ?? '').replace(/[\t\r\n"]+/g, ' ').trim();
const iifDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(2, 4)}`;

function iif(j: JournalDto): string {
  const rows: string[][] = [['!ACCNT', 'NAME', 'ACCNTTYPE']];
  for (const [key, name] of Object.entries(j.accounts) as [keyof JournalDto['accounts'], string][]) rows.push(['ACCNT', iifText(name), IIF_ACCOUNT_TYPES[key]]);
  rows.push(['!TRNS', ...TRNS_COLUMNS], ['!SPL', ...SPL_COLUMNS], ['!ENDTRNS']);
  const row = (columns: string[], keyword: string, values: Record<string, string>) => [keyword, ...columns.map((c) => values[c] ?? '')];
  for (const e of j.entries) {
    const type = e.kind === 'sale' ? 'CASH SALE' : 'GENERAL JOURNAL';
    // QuickBooks signs: debits positive, credits negative; the TRNS line is the first (debit) line.
    const signed = e.lines.map((l) => ({ account: j.accounts[l.account], amount: l.debitCents - l.creditCents }));
    const common = { TRNSTYPE: type, DATE: iifDate(e.date), DOCNUM: iifText(e.reference), MEMO: iifText(e.memo) };
    const [first, ...rest] = signed;
    rows.push(row(TRNS_COLUMNS, 'TRNS', { ...common, ACCNT: first.account, NAME: iifText(e.sale?.customer), AMOUNT: decimal(first.amount), CLEAR: 'N', TOPRINT: 'N', NAMEISTAXABLE: 'N', PAID: e.sale ? 'Y' : '' }));
    for (const s of rest) rows.push(row(SPL_COLUMNS, 'SPL', { ...common, ACCNT: s.account, AMOUNT: decimal(s.amount), CLEAR: 'N', TAXABLE: 'N' }));
    rows.push(['ENDTRNS']);
  }
  return `${rows.map((r) => r.join('\t')).join('\r\n')}\r\n`;
}

// ---- Invoice formats (sales only) ----

type InvoiceLine = { item: string | null; description: string; quantity: number; unitCents: number; amountCents: number; taxable: boolean; account: 'sales' | 'shipping_income' };

/**
 * A sale as invoice lines: its order lines at their price, one line taking off the order's
 * discounts, then shipping. Amounts are exact (no unit price is ever divided); tax is by tax code
 * (taxable or not), the accounting system computing it from its own rates.
 */
function invoiceLines(e: JournalEntryDto): InvoiceLine[] {
  const sale = e.sale!;
  const lines: InvoiceLine[] = sale.lines.map((l) => ({
    item: l.sku,
    description: l.name,
    quantity: l.quantity,
    unitCents: l.unitPriceCents,
    amountCents: l.unitPriceCents * l.quantity,
    taxable: l.taxCents > 0,
    account: 'sales',
  }));
  const discount = sale.lines.reduce((sum, l) => sum + l.discountCents, 0);
  if (discount) lines.push({ item: null, description: 'Discount', quantity: 1, unitCents: -discount, amountCents: -discount, taxable: false, account: 'sales' });
  if (sale.shippingCents) lines.push({ item: null, description: 'Shipping', quantity: 1, unitCents: sale.shippingCents, amountCents: sale.shippingCents, taxable: false, account: 'shipping_income' });
  return lines;
}

const sales = (j: JournalDto) => j.entries.filter((e) => e.kind === 'sale' && e.sale);

function qbo(j: JournalDto): string {
  const rows = [csvLine(['*Invoice number', '*Customer', '*Invoice date', '*Due date', 'Item amount', 'Item tax code', 'Terms', 'Service Date', 'Item (Product/Service)', 'Item Description', 'Item Quantity', 'Item Rate', '*Item Amount', 'Memo'])];
  for (const e of sales(j)) {
    // Paid at the channel's checkout: due on the invoice date.
    for (const l of invoiceLines(e)) {
      rows.push(csvLine([e.reference, e.sale!.customer, e.date, e.date, decimal(l.amountCents), l.taxable ? 'TAX' : 'NON', 'Due on receipt', e.date, l.item ?? l.description, l.description, l.quantity, decimal(l.unitCents), decimal(l.amountCents), e.memo]));
    }
  }
  return `${rows.join('\n')}\n`;
}

const XERO_HEADER = [
  '*ContactName', 'EmailAddress', 'POAddressLine1', 'POAddressLine2', 'POAddressLine3', 'POAddressLine4', 'POCity', 'PORegion', 'POPostalCode', 'POCountry',
  '*InvoiceNumber', 'Reference', '*InvoiceDate', '*DueDate', 'InventoryItemCode', '*Description', '*Quantity', '*UnitAmount', 'Discount', '*AccountCode', '*TaxType',
  'TrackingName1', 'TrackingOption1', 'TrackingName2', 'TrackingOption2', 'Currency', 'BrandingTheme',
];

function xero(j: JournalDto): string {
  const rows = [csvLine(XERO_HEADER)];
  for (const e of sales(j)) {
    const s = e.sale!;
    for (const l of invoiceLines(e)) {
      rows.push(
        csvLine([
          s.customer, s.email, s.address.line1, s.address.line2, null, null, s.address.city, s.address.region, s.address.postalCode, s.address.country,
          e.reference, e.memo, e.date, e.date, l.item, l.description, l.quantity, decimal(l.unitCents), null,
          j.accounts[l.account], l.taxable ? 'Tax on Sales' : 'Tax Exempt', null, null, null, null, e.currency, null,
        ]),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
