import { useState } from 'react';
import { journalTotals, type ExportFormat, type JournalDto } from '../../../shared/api/accounting';
import { formatMoney } from '../../../shared/units';
import { call } from '../bridge';
import { useQuery } from '../hooks';
import { BookkeepingAccounts } from './BookkeepingAccounts';
import { useConfirm } from './ConfirmDialog';
import { useFormat } from './ShopFormat';
import { FieldError } from './forms/FieldError';
import { useApiForm } from './forms/useApiForm';
import { downloadText } from '../download';
import { useToast } from './Toasts';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'journal', label: 'Journal CSV' },
  { format: 'iif', label: 'QuickBooks Desktop (IIF)' },
  { format: 'qbo', label: 'QuickBooks Online' },
  { format: 'xero', label: 'Xero' },
];

/** The last whole month before `today` (YYYY-MM-DD): the period a bookkeeper usually asks for. */
function lastMonth(today: string): { from: string; to: string } {
  const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  const end = new Date(first.getTime() - 86_400_000);
  return { from: `${end.toISOString().slice(0, 7)}-01`, to: end.toISOString().slice(0, 10) };
}


/**
 * Bookkeeping: close a period (its journal is fixed then) and download it in the bookkeeper's
 * format — as often as needed, always the same file.
 */
export function BookkeepingPanel({ today }: { today: string }) {
  const notify = useToast();
  const periods = useQuery('accounting.periods', {}, ['accounting.']);
  const { count } = useFormat();
  const [range, setRange] = useState(() => lastMonth(today));
  const [preview, setPreview] = useState<JournalDto | null>(null);
  const dates = useApiForm({ from: 'From', to: 'To' });
  const [confirm, confirmDialog] = useConfirm();
  const pick = (change: Partial<typeof range>) => {
    setRange({ ...range, ...change });
    setPreview(null);
    dates.clear();
  };
  const showPreview = async () => {
    const journal = await dates.submit('accounting.preview', range);
    if (journal) setPreview(journal);
  };
  // Closing fixes the period's journal for good (every later download is the same file), so ask first.
  const closePeriod = async () => {
    const ok = await confirm({
      title: `Close ${range.from} – ${range.to}?`,
      body: (
        <p>
          The journal of these days is computed now and kept: every download of it will be the same file, and no later period can overlap it. A closed period
          cannot be opened again.
        </p>
      ),
      confirmLabel: 'Close period',
    });
    if (!ok) return;
    const period = await dates.submit('accounting.closePeriod', range);
    if (period) {
      notify('success', `Closed ${period.from} – ${period.to}: ${period.entries} entries`);
      setPreview(null);
    }
    void periods.reload();
  };

  const run = async <T,>(work: () => Promise<T>, done?: (value: T) => string) => {
    try {
      const value = await work();
      if (done) notify('success', done(value));
      return value;
    } catch {
      return undefined; // the shell already shows every API error
    }
  };
  const download = (period: number, format: ExportFormat) =>
    run(async () => {
      const file = await call('accounting.export', { period, format });
      downloadText(file.filename, file.content, `${file.contentType};charset=utf-8`);
      return file.filename;
    }, (name) => `Downloaded ${name}`);

  return (
    <div className="panel" data-testid="bookkeeping">
      <h2>Bookkeeping export</h2>
      <p className="muted">
        Sales are booked on the day an order ships, cost of goods when stock leaves the shelf (moving-average cost), refunds and postage on their days, goods
        received from suppliers at their landed cost, and supplier bills on their dates. A closed period's journal never changes: every download of it is the
        same file.
      </p>
      <BookkeepingAccounts />
      {confirmDialog}
      <div className="row period-dates">
        <label className="field">
          From <input aria-label="Period from" type="date" value={range.from} onChange={(e) => pick({ from: e.target.value })} {...dates.fieldProps('from')} />
          <FieldError form={dates} field="from" />
        </label>
        <label className="field">
          To <input aria-label="Period to" type="date" value={range.to} onChange={(e) => pick({ to: e.target.value })} {...dates.fieldProps('to')} />
          <FieldError form={dates} field="to" />
        </label>
        <button className="secondary" onClick={() => void showPreview()}>
          Preview
        </button>
        <button onClick={() => void closePeriod()}>Close period</button>
      </div>
      {preview && (
        <p className="callout" data-testid="bookkeeping-preview">
          {(({ sales, refunds, cogs, postage, receipts, bills }) =>
            `${preview.entries.length} entries: sales ${formatMoney(sales)}, refunds ${formatMoney(refunds)}, cost of goods ${formatMoney(cogs)}, postage ${formatMoney(postage)}, goods received ${formatMoney(receipts)}, supplier bills ${formatMoney(bills)}.`)(
            journalTotals(preview),
          )}
        </p>
      )}
      <table className="table" data-testid="periods">
        <thead>
          <tr>
            <th>Period</th>
            <th className="num">Entries</th>
            <th className="num">Sales</th>
            <th className="num">Cost of goods</th>
            <th>Closed</th>
            <th>Download</th>
          </tr>
        </thead>
        <tbody>
          {periods.data?.map((p) => (
            <tr key={p.id} data-testid={`period-${p.from}`}>
              <td title={`SHA-256 ${p.sha256}`}>
                {p.from} – {p.to}
              </td>
              <td className="num">{count(p.entries)}</td>
              <td className="num">{formatMoney(p.totals.sales)}</td>
              <td className="num">{formatMoney(p.totals.cogs)}</td>
              <td>
                {p.closedAt.slice(0, 10)} by {p.closedBy}
              </td>
              <td>
                {FORMATS.map((f) => (
                  <button key={f.format} className="secondary" onClick={() => void download(p.id, f.format)}>
                    {f.label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
          {periods.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No period closed yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
