import type { AccountKey, ExportFormat, JournalDto, JournalEntryDto, XeroDateFormat } from '../../../shared/api/accounting';
import { fromMinor } from '../../../shared/money';
import { csvLine } from '../../util/csv';
import { inChunks, type Progress } from '../../logging/progress';

/**
 * A closed period's journal in the formats bookkeepers import. Each is a pure function of the
 * stored journal, so an export is the same bytes every time.
 * - `journal`: generic double-entry CSV, every entry (sales, refunds, cost of goods, restocks,
 *   postage, goods receipts, supplier bills), ISO dates.
 * - `iif`: QuickBooks Desktop. Sales as CASH SALE (funds positive, income and tax splits negative),
 *   supplier bills (and receipts booked straight to payables) as BILL (Accounts Payable on the TRNS
 *   line with the vendor's NAME), everything else as GENERAL JOURNAL; each transaction sums to 0;
 *   accounts (!ACCNT) and vendors (!VEND) declared first (IIF refuses names it does not know);
 *   tab-delimited, CRLF, dates MM/DD/YYYY.
 * - `qbo`: QuickBooks Online "Import invoices" CSV (its auto-mapped headers), sales only, dates MM/DD/YYYY.
 * - `xero`: Xero sales invoice CSV (the current 27-column template), sales only, account codes
 *   (not names) and dates in the organisation's regional format.
 * Cost of goods, refunds and postage are journal entries, not invoices: the invoice formats carry
 * sales, and the journal or IIF carries the rest.
 */
export type RenderedExport = { filename: string; contentType: string; content: string };

/**
 * A format as its head (declarations, the header row) and the lines of each entry, so a long
 * journal can be written entry by entry with progress between (renderExportInChunks).
 */
interface ExportLayout {
  filename: string;
  contentType: string;
  /** Line ending: CRLF for IIF, LF for the CSVs. */
  eol: string;
  head: string[];
  /** The lines entry `index` of the journal contributes (none: an invoice format skips non-sales). */
  entry(e: JournalEntryDto, index: number): string[];
}

function layoutOf(journal: JournalDto, format: ExportFormat): ExportLayout {
  const base = `shipshape-${journal.from}_${journal.to}`;
  if (format === 'iif') return { filename: `${base}.iif`, contentType: 'text/plain', ...iif(journal) };
  if (format === 'qbo') return { filename: `${base}-qbo-invoices.csv`, contentType: 'text/csv', ...qbo(journal) };
  if (format === 'xero') return { filename: `${base}-xero-invoices.csv`, contentType: 'text/csv', ...xero(journal) };
  return { filename: `${base}-journal.csv`, contentType: 'text/csv', ...journalCsv(journal) };
}

export function renderExport(journal: JournalDto, format: ExportFormat): RenderedExport {
  const layout = layoutOf(journal, format);
  const lines = [...layout.head];
  journal.entries.forEach((e, i) => lines.push(...layout.entry(e, i)));
  return { filename: layout.filename, contentType: layout.contentType, content: `${lines.join(layout.eol)}${layout.eol}` };
}

/**
 * The same bytes as renderExport, written a chunk of entries at a time with the entries done of the
 * total reported between chunks (inChunks). The journal is the period's stored snapshot, so the
 * file is one consistent picture however long the writing takes.
 */
export async function renderExportInChunks(journal: JournalDto, format: ExportFormat, progress: Progress): Promise<RenderedExport> {
  const layout = layoutOf(journal, format);
  const lines = [...layout.head];
  await inChunks(journal.entries, progress, (e, i) => lines.push(...layout.entry(e, i)));
  return { filename: layout.filename, contentType: layout.contentType, content: `${lines.join(layout.eol)}${layout.eol}` };
}

/**
 * Minor units as a plain decimal with the currency's own decimals ("-19.35" USD, "1935" JPY,
 * "1.935" KWD), never through floating point: a JPY shop's "19.35" would import as ¥19.35.
 */
export function decimal(minor: number, currency: string): string {
  return fromMinor(minor, currency);
}

function journalCsv(j: JournalDto): Pick<ExportLayout, 'eol' | 'head' | 'entry'> {
  return {
    eol: '\n',
    head: [csvLine(['date', 'entry', 'kind', 'account', 'debit', 'credit', 'currency', 'reference', 'memo'])],
    entry: (e, i) =>
      e.lines.map((l) => csvLine([e.date, i + 1, e.kind, j.accounts[l.account], l.debitCents ? decimal(l.debitCents, e.currency) : '', l.creditCents ? decimal(l.creditCents, e.currency) : '', e.currency, e.reference, e.memo])),
  };
}

/**
 * Xero account codes by default: its default chart of accounts (200 Sales, 260 Other Revenue,
 * 310 Cost of Goods Sold, 425 Freight & Courier, 630 Inventory, 800 Accounts Payable, 820 sales
 * tax, 090 the business bank account). Xero's chart has no GRNI or price-variance account: 810 and
 * 315 are suggestions the owner adds in Xero (or replaces under Settings → Bookkeeping).
 */
export const DEFAULT_XERO_CODES: Record<AccountKey, string> = {
  funds: '090',
  sales: '200',
  shipping_income: '260',
  sales_tax: '820',
  returns: '200',
  cogs: '310',
  inventory: '630',
  postage: '425',
  payable: '800',
  grni: '810',
  purchase_variance: '315',
};

/** Xero wants dates as its organisation's region writes them: US organisations month first, the rest day first. */
export function defaultXeroDateFormat(currency: string | undefined): XeroDateFormat {
  return currency === 'USD' ? 'MM/DD/YYYY' : 'DD/MM/YYYY';
}

/** YYYY-MM-DD → MM/DD/YYYY or DD/MM/YYYY. */
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const dayFirstDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

// ---- QuickBooks Desktop IIF ----

/**
 * ACCNTTYPE keywords from Intuit's IIF import kit ("Chart of accounts (ACCNT)": AP, AR, BANK, CCARD,
 * COGS, EQUITY, EXEXP, EXINC, EXP, FIXASSET, INC, LTLIAB, NONPOSTING, OASSET, OCASSET, OCLIAB;
 * https://support.quickbooks.intuit.com/support/pages/executable/iif/iif_import_kit.zip). There is no
 * `OCASH`: inventory and undeposited funds are other current assets (QuickBooks' own Undeposited
 * Funds is an OCASSET); goods received not invoiced is an other current liability; the purchase
 * price variance is a cost of goods sold account.
 */
const IIF_ACCOUNT_TYPES: Record<AccountKey, string> = {
  funds: 'OCASSET',
  sales: 'INC',
  shipping_income: 'INC',
  sales_tax: 'OCLIAB',
  returns: 'INC',
  cogs: 'COGS',
  inventory: 'OCASSET',
  postage: 'EXP',
  payable: 'AP',
  grni: 'OCLIAB',
  purchase_variance: 'COGS',
};
const TRNS_COLUMNS = ['TRNSID', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'CLASS', 'AMOUNT', 'DOCNUM', 'MEMO', 'CLEAR', 'TOPRINT', 'NAMEISTAXABLE', 'ADDR1', 'ADDR2', 'ADDR3', 'ADDR4', 'ADDR5', 'DUEDATE', 'TERMS', 'PAID', 'SHIPDATE'];
const SPL_COLUMNS = ['SPLID', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'CLASS', 'AMOUNT', 'DOCNUM', 'MEMO', 'CLEAR', 'QNTY', 'PRICE', 'INVITEM', 'PAYMETH', 'TAXABLE', 'REIMBEXP', 'EXTRA'];

/** IIF fields cannot hold tabs or line breaks (nor quotes, which QuickBooks keeps literally). */
const iifText = (s: string | null | undefined) => (s ?? '').replace(/[\t\r\n"]+/g, ' ').trim();
/** The IIF import kit's examples and QuickBooks Desktop's own exports write the four-digit year: MM/DD/YYYY. */
const iifDate = usDate;

function iif(j: JournalDto): Pick<ExportLayout, 'eol' | 'head' | 'entry'> {
  const head: string[][] = [['!ACCNT', 'NAME', 'ACCNTTYPE']];
  for (const [key, name] of Object.entries(j.accounts) as [AccountKey, string][]) head.push(['ACCNT', iifText(name), IIF_ACCOUNT_TYPES[key]]);
  // A bill's NAME must be a vendor QuickBooks knows: declared like the accounts.
  const vendors = [...new Set(j.entries.flatMap((e) => (e.vendor ? [iifText(e.vendor.name)] : [])))].sort();
  if (vendors.length) head.push(['!VEND', 'NAME'], ...vendors.map((v) => ['VEND', v]));
  head.push(['!TRNS', ...TRNS_COLUMNS], ['!SPL', ...SPL_COLUMNS], ['!ENDTRNS']);
  const row = (columns: string[], keyword: string, values: Record<string, string>) => [keyword, ...columns.map((c) => values[c] ?? '')];
  const entry = (e: JournalEntryDto): string[] => {
    const rows: string[][] = [];
    // Money owed to a named vendor is a BILL: its TRNS line is Accounts Payable (negative: owed).
    const isBill = Boolean(e.vendor) && e.lines.some((l) => l.account === 'payable');
    let type = e.kind === 'sale' ? 'CASH SALE' : isBill ? 'BILL' : 'GENERAL JOURNAL';
    // QuickBooks signs: debits positive, credits negative; the TRNS line is the first (debit) line, or a bill's payable line.
    const signed = e.lines.map((l) => ({ key: l.account, account: j.accounts[l.account], amount: l.debitCents - l.creditCents }));
    const firstIndex = isBill ? signed.findIndex((l) => l.key === 'payable') : 0;
    const first = signed[firstIndex];
    const rest = signed.filter((_, i) => i !== firstIndex);
    // Payables going down (a supplier billing less than was booked on receipt) is a vendor credit.
    if (isBill && first.amount > 0) type = 'BILL REFUND';
    const common = { TRNSTYPE: type, DATE: iifDate(e.date), DOCNUM: iifText(isBill ? (e.vendor?.billNumber ?? e.reference) : e.reference), MEMO: iifText(e.memo) };
    const name = iifText(e.sale?.customer ?? e.vendor?.name);
    rows.push(
      row(TRNS_COLUMNS, 'TRNS', {
        ...common,
        ACCNT: first.account,
        NAME: name,
        AMOUNT: decimal(first.amount, e.currency),
        CLEAR: 'N',
        TOPRINT: 'N',
        NAMEISTAXABLE: 'N',
        PAID: e.sale ? 'Y' : isBill ? 'N' : '',
        DUEDATE: isBill && e.vendor?.dueOn ? iifDate(e.vendor.dueOn) : '',
      }),
    );
    for (const s of rest) rows.push(row(SPL_COLUMNS, 'SPL', { ...common, ACCNT: s.account, AMOUNT: decimal(s.amount, e.currency), CLEAR: 'N', TAXABLE: 'N' }));
    rows.push(['ENDTRNS']);
    return rows.map((r) => r.join('\t'));
  };
  return { eol: '\r\n', head: head.map((r) => r.join('\t')), entry };
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

const isSale = (e: JournalEntryDto) => e.kind === 'sale' && Boolean(e.sale);

/**
 * QuickBooks Online's invoice import ("Import invoices in batches", Intuit's help:
 * https://quickbooks.intuit.com/learn-support/en-ca/help-articles/import-invoices-in-batches/01/338729)
 * auto-maps these headers and reads dates in a format chosen on its mapping screen; MM/DD/YYYY is
 * the US company default and one of its choices (an ISO date is not), so that is what this file holds.
 */
function qbo(_j: JournalDto): Pick<ExportLayout, 'eol' | 'head' | 'entry'> {
  return {
    eol: '\n',
    head: [csvLine(['*Invoice number', '*Customer', '*Invoice date', '*Due date', 'Item amount', 'Item tax code', 'Terms', 'Service Date', 'Item (Product/Service)', 'Item Description', 'Item Quantity', 'Item Rate', '*Item Amount', 'Memo'])],
    entry(e) {
      if (!isSale(e)) return [];
      // Paid at the channel's checkout: due on the invoice date.
      const date = usDate(e.date);
      return invoiceLines(e).map((l) =>
        csvLine([e.reference, e.sale!.customer, date, date, decimal(l.amountCents, e.currency), l.taxable ? 'TAX' : 'NON', 'Due on receipt', date, l.item ?? l.description, l.description, l.quantity, decimal(l.unitCents, e.currency), decimal(l.amountCents, e.currency), e.memo]),
      );
    },
  };
}

const XERO_HEADER = [
  '*ContactName', 'EmailAddress', 'POAddressLine1', 'POAddressLine2', 'POAddressLine3', 'POAddressLine4', 'POCity', 'PORegion', 'POPostalCode', 'POCountry',
  '*InvoiceNumber', 'Reference', '*InvoiceDate', '*DueDate', 'InventoryItemCode', '*Description', '*Quantity', '*UnitAmount', 'Discount', '*AccountCode', '*TaxType',
  'TrackingName1', 'TrackingOption1', 'TrackingName2', 'TrackingOption2', 'Currency', 'BrandingTheme',
];

/**
 * Xero's sales invoice template: `*AccountCode` is the account's code in Xero's chart ("Enter the
 * code, as it displays in Xero"), not its name, and `*InvoiceDate`/`*DueDate` are read in the
 * organisation's regional date format (DD/MM/YYYY in Xero's template notes; US organisations
 * MM/DD/YYYY). Both were fixed when the period was closed (older periods: the defaults).
 */
function xero(j: JournalDto): Pick<ExportLayout, 'eol' | 'head' | 'entry'> {
  const codes = { ...DEFAULT_XERO_CODES, ...j.codes };
  const format = j.xeroDateFormat ?? defaultXeroDateFormat(j.entries[0]?.currency);
  const xeroDate = format === 'MM/DD/YYYY' ? usDate : dayFirstDate;
  const entry = (e: JournalEntryDto): string[] => {
    if (!isSale(e)) return [];
    const s = e.sale!;
    const date = xeroDate(e.date);
    return invoiceLines(e).map((l) =>
      csvLine([
        s.customer, s.email, s.address.line1, s.address.line2, null, null, s.address.city, s.address.region, s.address.postalCode, s.address.country,
        e.reference, e.memo, date, date, l.item, l.description, l.quantity, decimal(l.unitCents, e.currency), null,
        codes[l.account], l.taxable ? 'Tax on Sales' : 'Tax Exempt', null, null, null, null, e.currency, null,
      ]),
    );
  };
  return { eol: '\n', head: [csvLine(XERO_HEADER)], entry };
}
