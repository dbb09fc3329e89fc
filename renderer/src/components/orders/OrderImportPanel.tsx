import { useState } from 'react';
import type { OrderImportReport } from '../../../../shared/api/orders';
import { importFile } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { FilePicker, type PickedFile } from '../FilePicker';

/** Import an order file: Shopify's orders export, WooCommerce REST JSON, or the plain orders CSV. Re-importing is safe: known orders count as duplicates. */
export function OrderImportPanel() {
  const notify = useToast();
  const channels = useQuery('channels.list', {}, ['channels.']);
  const [channel, setChannel] = useState<number | ''>('');
  const [format, setFormat] = useState<'shopify' | 'woocommerce' | 'csv'>('csv');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<OrderImportReport | null>(null);

  const run = async () => {
    if (!file || channel === '') return;
    setBusy(true);
    try {
      const result = await importFile('orders.import', { channel, format }, file);
      setReport(result);
      notify(result.failed ? 'error' : 'success', `${result.created} created, ${result.duplicate} duplicate, ${result.on_hold} on hold, ${result.failed} failed`);
    } catch {
      // toast
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" data-testid="order-import">
      <h2>Import orders</h2>
      <form
        className="action-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.target.value ? Number(e.target.value) : '')} aria-label="Import channel">
            <option value="">Choose…</option>
            {channels.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.kind})
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)} aria-label="Import format">
            <option value="csv">Plain orders CSV</option>
            <option value="shopify">Shopify orders export (CSV)</option>
            <option value="woocommerce">WooCommerce REST orders (JSON)</option>
          </select>
        </label>
        <label className="grow">
          File
          <FilePicker
            label="Order file"
            accept=".csv,.json,text/csv,application/json"
            filters={[{ name: 'Order files', extensions: ['csv', 'json'] }]}
            file={file}
            onPick={setFile}
          />
        </label>
        <div className="row">
          <button type="submit" disabled={busy || !file || channel === ''}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {report && (
        <div data-testid="order-import-report">
          <p>
            <strong>{report.created}</strong> created · <strong>{report.cancelled}</strong> cancelled · <strong>{report.duplicate}</strong> duplicate · <strong>{report.on_hold}</strong> on hold · <strong>{report.failed}</strong> failed
          </p>
          {report.errors.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.slice(0, 200).map((e, i) => (
                  <tr key={i}>
                    <td>{e.row ?? e.path ?? ''}</td>
                    <td>{e.field}</td>
                    <td className="wrap">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
