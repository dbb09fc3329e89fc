import { useState } from 'react';
import type { ImportReport } from '../../../../shared/api/inventory';
import { openingStockSentence } from '../../../../shared/import-columns';
import { importFile } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { ImportColumns } from './ImportColumns';
import { FilePicker, pickedFileHead, type PickedFile } from '../FilePicker';

/** Guesses the format from the header row; the user can still change it. */
function guessFormat(text: string): 'shopify' | 'csv' {
  const header = text.slice(0, 4000).split(/\r?\n/, 1)[0].toLowerCase();
  return header.includes('variant sku') || header.includes('url handle') || /(^|,)handle(,|$)/.test(header) ? 'shopify' : 'csv';
}

/** Import products from a file: Shopify's products CSV (both header generations) or the plain CSV. */
export function ImportProducts() {
  const notify = useToast();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [format, setFormat] = useState<'shopify' | 'csv'>('csv');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  // Shopify's inventory column: taken as opening stock into one bin only when asked.
  const [takeStock, setTakeStock] = useState(false);
  const [warehouse, setWarehouse] = useState('');
  const [bin, setBin] = useState('');
  const warehouses = useQuery('warehouses.list', {}, ['stock.']);
  const chosenWarehouse = warehouse || warehouses.data?.[0]?.code || '';
  const bins = useQuery('bins.list', { warehouse: chosenWarehouse || 'MAIN' }, ['stock.']);
  const chosenBin = bin || bins.data?.[0]?.code || '';
  const opening = format === 'shopify' && takeStock && chosenBin ? { openingStockBin: chosenBin, openingStockWarehouse: chosenWarehouse } : {};
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setReport(null);
    try {
      const r = await importFile('catalog.import', { format, skipBadRows, ...opening }, file);
      setReport(r);
      notify(r.failed ? 'error' : 'success', `${r.created} created, ${r.updated} updated, ${r.failed} failed${r.written ? '' : ' — nothing was written'}`);
    } catch {
      // toast
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid="import-products">
      <h2>Import products</h2>
      <p className="muted">
        Shopify products CSV (old "Handle / Variant SKU" or new "URL handle / SKU" headers) or Shipshape's plain CSV (see the README for the columns). A file with bad rows
        writes nothing unless you skip bad rows; importing the same file again updates the same products.
      </p>
      <div className="row">
        <FilePicker
          label="Products file"
          accept=".csv,text/csv"
          filters={[{ name: 'CSV files', extensions: ['csv'] }]}
          file={file}
          onPick={async (f) => {
            // The header row is enough to guess from; the file itself streams to the server (or, in the desktop app, is read by main).
            setFile(f);
            setFormat(guessFormat(await pickedFileHead(f)));
            setReport(null);
          }}
        />
        <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as 'shopify' | 'csv')}>
          <option value="csv">Plain products CSV</option>
          <option value="shopify">Shopify products CSV</option>
        </select>
        <label className="inline">
          <input type="checkbox" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)} /> Skip bad rows
        </label>
        <button disabled={!file || busy || (format === 'shopify' && takeStock && !chosenBin)} onClick={() => void run()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {format === 'shopify' && (
        <div className="row">
          <label className="inline">
            <input type="checkbox" checked={takeStock} onChange={(e) => setTakeStock(e.target.checked)} /> Take Variant Inventory Qty as opening stock into
          </label>
          <select aria-label="Opening stock warehouse" value={chosenWarehouse} onChange={(e) => {
              setWarehouse(e.target.value);
              setBin('');
            }} disabled={!takeStock}>
            {(warehouses.data ?? []).map((w) => (
              <option key={w.code} value={w.code}>
                {w.code}
              </option>
            ))}
          </select>
          <select aria-label="Opening stock bin" value={chosenBin} onChange={(e) => setBin(e.target.value)} disabled={!takeStock}>
            {(bins.data ?? []).map((b) => (
              <option key={b.code} value={b.code}>
                {b.code}
              </option>
            ))}
          </select>
          {takeStock && bins.data?.length === 0 && <span className="error">This warehouse has no bins: add one under Stock → bins first.</span>}
        </div>
      )}
      <ImportColumns format={format} />
      {report && (
        <div data-testid="import-report">
          <p className={report.failed ? 'callout error' : 'callout'}>
            {report.created} created, {report.updated} updated, {report.failed} failed{report.written ? '' : ' — nothing was written'}.
          </p>
          {report.openingStock && (
            <p className={report.openingStock.taken ? 'callout' : 'callout warn-callout'} data-testid="opening-stock">
              {openingStockSentence(report.openingStock, report.written)}
            </p>
          )}
          {report.errors.length > 0 && (
            <div className="scroll-y">
              <table className="table">
                <thead>
                  <tr>
                    <th className="num">Row</th>
                    <th>Column</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num">{e.row}</td>
                      <td className="mono">{e.column}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
