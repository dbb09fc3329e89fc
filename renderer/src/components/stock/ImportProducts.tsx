import { useState } from 'react';
import type { ImportReport } from '../../../../shared/api/inventory';
import { importFile } from '../../bridge';
import { useToast } from '../Toasts';

/** Guesses the format from the header row; the user can still change it. */
function guessFormat(text: string): 'shopify' | 'csv' {
  const header = text.slice(0, 4000).split(/\r?\n/, 1)[0].toLowerCase();
  return header.includes('variant sku') || header.includes('url handle') || /(^|,)handle(,|$)/.test(header) ? 'shopify' : 'csv';
}

/** Import products from a file: Shopify's products CSV (both header generations) or the plain CSV. */
export function ImportProducts() {
  const notify = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'shopify' | 'csv'>('csv');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setReport(null);
    try {
      const r = await importFile('catalog.import', { format, skipBadRows }, file);
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
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Products file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            // The header row is enough to guess from; the file itself streams to the server.
            setFile(f);
            setFormat(guessFormat(await f.slice(0, 4000).text()));
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
        <button disabled={!file || busy} onClick={() => void run()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {report && (
        <div data-testid="import-report">
          <p className={report.failed ? 'callout error' : 'callout'}>
            {report.created} created, {report.updated} updated, {report.failed} failed{report.written ? '' : ' — nothing was written'}.
          </p>
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
