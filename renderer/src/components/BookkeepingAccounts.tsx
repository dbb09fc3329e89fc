import { useEffect, useState } from 'react';
import { ACCOUNT_KEYS, XERO_DATE_FORMATS, type AccountingSettingsDto, type AccountKey, type ReceiptBooking, type XeroDateFormat } from '../../../shared/api/accounting';
import { useQuery } from '../hooks';
import { FieldError } from './forms/FieldError';
import { useApiForm } from './forms/useApiForm';
import { useToast } from './Toasts';

const LABELS: Record<AccountKey, string> = {
  funds: 'Money from sales (clearing)',
  sales: 'Sales',
  shipping_income: 'Shipping charged',
  sales_tax: 'Sales tax collected',
  returns: 'Refunds',
  cogs: 'Cost of goods sold',
  inventory: 'Inventory',
  postage: 'Postage',
  payable: 'Owed to suppliers',
  grni: 'Received, not yet billed',
  purchase_variance: 'Bill vs. received cost',
};

/** The fields as the API names them: an account's name by its key, its Xero code under `codes.`. */
const FIELD_LABELS = Object.fromEntries(ACCOUNT_KEYS.flatMap((k) => [[k, `The account name for “${LABELS[k]}”`], [`codes.${k}`, `The Xero code for “${LABELS[k]}”`]]));

/**
 * The accounts the journal books to, each with the name the books use and its Xero account code
 * (Xero's invoice import wants codes), how goods receipts are booked, and Xero's date format.
 * Changes apply to periods closed afterwards; a closed period keeps what it was closed with.
 */
export function BookkeepingAccounts() {
  const notify = useToast();
  const settings = useQuery('accounting.settings', {}, ['accounting.']);
  const [draft, setDraft] = useState<AccountingSettingsDto | null>(null);
  const form = useApiForm(FIELD_LABELS);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  if (!draft) return null;

  const save = async () => {
    const changedNames = Object.fromEntries(ACCOUNT_KEYS.filter((k) => draft.accounts[k] !== settings.data?.accounts[k]).map((k) => [k, draft.accounts[k]]));
    if (Object.keys(changedNames).length && !(await form.submit('accounting.updateAccounts', changedNames))) return;
    if (!(await form.submit('accounting.updateSettings', { codes: draft.codes, receiptsAgainst: draft.receiptsAgainst, xeroDateFormat: draft.xeroDateFormat }))) return;
    notify('success', 'Bookkeeping accounts saved: they apply to periods closed from now on');
    void settings.reload();
  };
  const set = (key: AccountKey, field: 'accounts' | 'codes', value: string) => {
    setDraft({ ...draft, [field]: { ...draft[field], [key]: value } });
    form.clear(field === 'codes' ? `codes.${key}` : key);
  };

  return (
    <details className="subpanel" data-testid="bookkeeping-accounts">
      <summary>Accounts, Xero codes and purchases</summary>
      <table className="table">
        <thead>
          <tr>
            <th>What</th>
            <th>Account name in your books</th>
            <th>Xero code</th>
          </tr>
        </thead>
        <tbody>
          {ACCOUNT_KEYS.map((k) => (
            <tr key={k}>
              <td>{LABELS[k]}</td>
              <td>
                <input aria-label={`Account name: ${LABELS[k]}`} value={draft.accounts[k]} onChange={(e) => set(k, 'accounts', e.target.value)} {...form.fieldProps(k)} />
                <FieldError form={form} field={k} />
              </td>
              <td>
                <input aria-label={`Xero code: ${LABELS[k]}`} size={6} value={draft.codes[k]} onChange={(e) => set(k, 'codes', e.target.value)} {...form.fieldProps(`codes.${k}`)} />
                <FieldError form={form} field={`codes.${k}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          Goods received are booked against{' '}
          <select aria-label="Receipts booked against" value={draft.receiptsAgainst} onChange={(e) => setDraft({ ...draft, receiptsAgainst: e.target.value as ReceiptBooking })}>
            <option value="grni">{draft.accounts.grni} (the supplier's bill moves it to payables)</option>
            <option value="payable">{draft.accounts.payable} at once</option>
          </select>
        </label>
        <label>
          Xero dates{' '}
          <select aria-label="Xero date format" value={draft.xeroDateFormat} onChange={(e) => setDraft({ ...draft, xeroDateFormat: e.target.value as XeroDateFormat })}>
            {XERO_DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void save()}>Save accounts</button>
      </div>
    </details>
  );
}
