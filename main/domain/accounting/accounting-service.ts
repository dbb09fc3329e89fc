import { createHash } from 'node:crypto';
import {
  ACCOUNT_KEYS,
  journalTotals,
  type AccountingPeriodDto,
  type AccountingSettingsDto,
  type AccountKey,
  type ExportFormat,
  type JournalDto,
  type ReceiptBooking,
  type XeroDateFormat,
} from '../../../shared/api/accounting';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { Selectable } from 'kysely';
import type { AccountingPeriodTable } from '../../store/schema';
import { shopCalendar } from '../calendar/shop-calendar';
import { isLocalDate } from '../calendar/local-days';
import { DEFAULT_XERO_CODES, defaultXeroDateFormat, renderExportInChunks, type RenderedExport } from './formats';
import { buildJournal, DEFAULT_ACCOUNTS, unbalancedEntry } from './journal';
import { recordSupplierBill, supplierBills } from './supplier-bills';
import { withProgress } from '../../logging/progress';

type PeriodRow = Selectable<AccountingPeriodTable>;
const ACCOUNTS_SETTING = 'accounting.accounts';
/** Xero codes, how receipts are booked and the Xero date format (account names stay in their own setting). */
const BOOKS_SETTING = 'accounting.books';
type BooksSetting = { codes?: Partial<Record<AccountKey, string>>; receiptsAgainst?: ReceiptBooking; xeroDateFormat?: XeroDateFormat };

/**
 * Bookkeeping exports. A period (any run of whole shop days, usually a month) is closed once: its
 * journal is computed then and kept, so every export of it, in any format and at any later time,
 * is the same bytes (its SHA-256 is shown), and periods never overlap, so nothing is booked twice.
 * Only days that are over can be closed. Something that changes a closed period's facts later (a
 * late refund) is booked on its own day, in the period that day falls in.
 */
export class AccountingService {
  constructor(private readonly core: Core) {}

  private async setting(key: string): Promise<string | undefined> {
    const { store } = this.core;
    return (await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', key)))?.value;
  }

  private async saveSetting(key: string, value: string): Promise<void> {
    const { store } = this.core;
    await store.run(store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') })));
  }

  async accounts(): Promise<Record<AccountKey, string>> {
    const stored = await this.setting(ACCOUNTS_SETTING);
    return { ...DEFAULT_ACCOUNTS, ...(stored ? (JSON.parse(stored) as Partial<Record<AccountKey, string>>) : {}) };
  }

  async updateAccounts(input: Partial<Record<AccountKey, string>>): Promise<Record<AccountKey, string>> {
    const next = { ...await this.accounts(), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as Record<AccountKey, string>;
    const names = ACCOUNT_KEYS.map((k) => next[k].toLowerCase());
    const clash = ACCOUNT_KEYS.find((k, i) => names.indexOf(names[i]) !== i);
    if (clash) throw invalid(`"${next[clash]}" names two accounts: each account needs its own name`, { field: clash });
    await this.saveSetting(ACCOUNTS_SETTING, JSON.stringify(next));
    return next;
  }

  async settings(): Promise<AccountingSettingsDto> {
    const { store } = this.core;
    const stored = await this.setting(BOOKS_SETTING);
    const books = stored ? (JSON.parse(stored) as BooksSetting) : {};
    const currency = (await store.get(store.kysely.selectFrom('product').select('currency').limit(1)))?.currency;
    return {
      accounts: await this.accounts(),
      codes: { ...DEFAULT_XERO_CODES, ...books.codes },
      receiptsAgainst: books.receiptsAgainst ?? 'grni',
      xeroDateFormat: books.xeroDateFormat ?? defaultXeroDateFormat(currency),
    };
  }

  async updateSettings(input: BooksSetting): Promise<AccountingSettingsDto> {
    const current = await this.settings();
    const next: BooksSetting = {
      codes: { ...current.codes, ...Object.fromEntries(Object.entries(input.codes ?? {}).filter(([, v]) => v !== undefined)) },
      receiptsAgainst: input.receiptsAgainst ?? current.receiptsAgainst,
      xeroDateFormat: input.xeroDateFormat ?? current.xeroDateFormat,
    };
    await this.saveSetting(BOOKS_SETTING, JSON.stringify(next));
    return await this.settings();
  }

  async preview(from: string, to: string): Promise<JournalDto> {
    this.checkDates(from, to);
    return await this.journal(from, to);
  }

  /** The journal with today's names, codes and receipt booking (a closed period keeps them). */
  private async journal(from: string, to: string): Promise<JournalDto> {
    const s = await this.settings();
    return await buildJournal(this.core, from, to, s.accounts, { receiptsAgainst: s.receiptsAgainst, codes: s.codes, xeroDateFormat: s.xeroDateFormat });
  }

  async closePeriod(from: string, to: string, actor: string): Promise<AccountingPeriodDto> {
    const { store } = this.core;
    const id = await store.tx(async () => {
      this.checkDates(from, to);
      const today = (await shopCalendar(this.core)).today();
      if (to >= today) throw invalid(`Only days that are over can be closed: ${to} is not over yet (today is ${today})`, { field: 'to' });
      const overlap = await store.get(store.kysely.selectFrom('accounting_period').select(['from_date', 'to_date']).where('from_date', '<=', to).where('to_date', '>=', from));
      if (overlap) throw conflict(`${overlap.from_date} – ${overlap.to_date} is already closed: periods cannot overlap`, { field: 'from' });
      const journal = await this.journal(from, to);
      const bad = unbalancedEntry(journal);
      if (bad) throw conflict(`${bad.reference} does not balance (debits ≠ credits): the order's total does not add up; fix the order before closing`);
      const text = JSON.stringify(journal);
      const inserted = await store.get(
        store.kysely
          .insertInto('accounting_period')
          .values({
            from_date: from,
            to_date: to,
            journal: text,
            entries: journal.entries.length,
            sha256: createHash('sha256').update(text).digest('hex'),
            closed_by: actor,
            closed_at: this.core.clock.now().toISOString(),
          })
          .returning('id'),
      );
      return inserted!.id;
    });
    this.core.events.publish('accounting.periods', { id });
    return this.dto(await this.row(id));
  }

  async recordBill(input: Parameters<typeof recordSupplierBill>[1]) {
    return await recordSupplierBill(this.core, input);
  }

  async bills(filter: { poId?: number }) {
    return await supplierBills(this.core, filter);
  }

  async periods(): Promise<AccountingPeriodDto[]> {
    const { store } = this.core;
    return (await store.all(store.kysely.selectFrom('accounting_period').selectAll().orderBy('from_date', 'desc'))).map((r) => this.dto(r));
  }

  /** Entries written of the period's total as the file is built (the stored journal: the same bytes every time). */
  async export(periodId: number, format: ExportFormat): Promise<RenderedExport> {
    const row = await this.row(periodId);
    return withProgress(this.core.events, { kind: 'export', label: `Exporting ${row.from_date} – ${row.to_date} (${format})`, total: row.entries }, (progress) =>
      renderExportInChunks(JSON.parse(row.journal) as JournalDto, format, progress),
    );
  }

  private async row(id: number): Promise<PeriodRow> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('accounting_period').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Accounting period ${id}`, { id });
    return row;
  }

  private checkDates(from: string, to: string): void {
    for (const [field, d] of [['from', from], ['to', to]] as const) if (!isLocalDate(d)) throw invalid(`${d} is not a date`, { field });
    if (from > to) throw invalid(`The period ends (${to}) before it starts (${from})`, { field: 'to' });
  }

  private dto(r: PeriodRow): AccountingPeriodDto {
    return {
      id: r.id,
      from: r.from_date,
      to: r.to_date,
      entries: r.entries,
      totals: journalTotals(JSON.parse(r.journal) as JournalDto),
      sha256: r.sha256,
      closedBy: r.closed_by,
      closedAt: r.closed_at,
    };
  }
}
