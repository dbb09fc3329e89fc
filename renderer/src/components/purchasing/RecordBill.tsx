import { useState } from 'react';
import { parseMoney } from '../../../../shared/money';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';

/** "1,234.5" → 123450 (USD), "1,234" → 1234 (JPY); null when it is not a non-negative amount in the currency's decimals. */
function amountToCents(text: string, currency: string): number | null {
  if (/[+-]/.test(text)) return null;
  const parsed = parseMoney(text, currency);
  return parsed.ok ? parsed.minor : null;
}

/**
 * The supplier's bills for one purchase order, and a form to record one (number, amount, date).
 * Mounted in the PO view; the books take the bill against what the PO received (goods received
 * not invoiced, the difference as a price variance).
 */
export function RecordBill({ poId, currency = 'USD' }: { poId: number; currency?: string }) {
  const notify = useToast();
  const bills = useQuery('bills.list', { poId }, ['purchasing.']);
  const [number, setNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const cents = amountToCents(amount, currency);
    if (!number.trim()) return setError('Enter the bill number');
    if (cents === null || cents <= 0) return setError(`"${amount}" is not an amount (e.g. 1234.50)`);
    setError(null);
    try {
      const bill = await call('bills.record', { po: poId, number: number.trim(), amountCents: cents, ...(date ? { billedOn: date } : {}) });
      notify('success', `Bill ${bill.number} recorded: ${formatMoney(bill.amountCents, bill.currency)}, due ${bill.dueOn}`);
      setNumber('');
      setAmount('');
      setDate('');
      void bills.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="subpanel" data-testid="po-bills">
      <h3>Supplier bills</h3>
      {bills.data && bills.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Bill</th>
              <th>Date</th>
              <th>Due</th>
              <th className="num">Amount</th>
              <th className="num">Received</th>
            </tr>
          </thead>
          <tbody>
            {bills.data.map((b) => (
              <tr key={b.id} data-testid={`bill-${b.number}`}>
                <td>{b.number}</td>
                <td>{b.billedOn}</td>
                <td>{b.dueOn}</td>
                <td className="num">{formatMoney(b.amountCents, b.currency)}</td>
                <td className="num">{formatMoney(b.receivedCents, b.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input aria-label="Bill number" placeholder="Bill number" value={number} onChange={(e) => setNumber(e.target.value)} />
        <input aria-label={`Bill amount (${currency})`} placeholder="Amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <input aria-label="Bill date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <button type="submit">Record bill</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
