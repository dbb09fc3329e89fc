import { useState } from 'react';
import type { PrinterDto, PrinterLanguage } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../../components/Toasts';
import { JobPreview, PrinterStatusPill } from './device-ui';

interface PrinterForm {
  renameFrom?: string;
  name: string;
  language: PrinterLanguage;
  uri: string;
  dpi: 152 | 203 | 300 | 600;
  labelWidthMm: string;
  labelHeightMm: string;
  darkness: string;
  offsetXMm: string;
  offsetYMm: string;
  enabled: boolean;
}

const EMPTY: PrinterForm = { name: '', language: 'zpl', uri: 'tcp://', dpi: 203, labelWidthMm: '', labelHeightMm: '', darkness: '', offsetXMm: '0', offsetYMm: '0', enabled: true };

const fromPrinter = (p: PrinterDto): PrinterForm => ({
  renameFrom: p.name,
  name: p.name,
  language: p.language,
  uri: p.uri,
  dpi: p.dpi,
  labelWidthMm: String(p.labelWidthMm),
  labelHeightMm: String(p.labelHeightMm),
  darkness: p.darkness === null ? '' : String(p.darkness),
  offsetXMm: String(p.offsetXMm),
  offsetYMm: String(p.offsetYMm),
  enabled: p.enabled,
});

/** Paper of a system printer, stored as its size in mm (A4/Letter sheets take two labels each). */
const PAPER = { A4: { w: 210, h: 297 }, Letter: { w: 216, h: 279 }, '4x6': { w: 102, h: 152 } } as const;
const paperOf = (f: PrinterForm): keyof typeof PAPER => (f.labelWidthMm === '216' ? 'Letter' : f.labelWidthMm === '102' ? '4x6' : 'A4');

const optionalInt = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Settings → Printers: add/edit with a profile, live status, test print with the preview of what was sent. */
export function PrintersPanel() {
  const printers = useQuery('printers.list', {}, ['devices.', 'print.']);
  const notify = useToast();
  const [form, setForm] = useState<PrinterForm>(EMPTY);
  const [previewJob, setPreviewJob] = useState<number>();
  const set = <K extends keyof PrinterForm>(key: K, value: PrinterForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const queues = useQuery('printers.systemQueues', {}, ['devices.']);
  // A system printer's address is a print-queue name, not a network address: switching type resets it.
  const changeLanguage = (language: PrinterLanguage) =>
    setForm((f) => ({ ...f, language, uri: language === 'pdf' ? (f.uri.startsWith('system://') ? f.uri : 'system://') : f.uri.startsWith('tcp://') ? f.uri : 'tcp://', ...(language === 'pdf' && !f.labelWidthMm ? { labelWidthMm: '210', labelHeightMm: '297' } : {}) }));
  const setPaper = (paper: keyof typeof PAPER) => setForm((f) => ({ ...f, labelWidthMm: String(PAPER[paper].w), labelHeightMm: String(PAPER[paper].h) }));

  const save = async () => {
    const saved = await call('printers.upsert', {
      name: form.name,
      renameFrom: form.renameFrom,
      language: form.language,
      uri: form.uri,
      dpi: form.dpi,
      labelWidthMm: optionalInt(form.labelWidthMm),
      labelHeightMm: optionalInt(form.labelHeightMm),
      darkness: form.darkness.trim() === '' ? null : Number(form.darkness),
      offsetXMm: Number(form.offsetXMm || 0),
      offsetYMm: Number(form.offsetYMm || 0),
      enabled: form.enabled,
    });
    notify('success', `Printer ${saved.name} saved`);
    setForm(EMPTY);
    void printers.reload();
    // A fresh status straight away, so the badge is not "not checked yet" until the next poll.
    void call('printers.status', { name: saved.name }).then(() => printers.reload()).catch(() => undefined);
  };

  return (
    <div className="panel" data-testid="panel-printers">
      <h2>Printers</h2>
      <form
        className="field-row"
        aria-label="Printer"
        onSubmit={(e) => {
          e.preventDefault();
          void save().catch(() => undefined);
        }}
      >
        <label className="field">
          Name
          <input aria-label="Printer name" placeholder="Name" value={form.name} onChange={(e) => set('name', e.target.value)} required />
        </label>
        <label className="field">
          Type
          <select aria-label="Printer language" value={form.language} onChange={(e) => changeLanguage(e.target.value as PrinterLanguage)}>
            <option value="zpl">ZPL label printer</option>
            <option value="escpos">ESC/POS receipt printer</option>
            <option value="pdf">System printer (PDF, office)</option>
          </select>
        </label>
        <label className="field">
          {form.language === 'pdf' ? 'Print queue (system://QUEUE)' : 'Address (tcp://host:port)'}
          <input aria-label="Printer address" placeholder={form.language === 'pdf' ? 'system://Office_Laser' : 'tcp://192.168.1.50:9100'} value={form.uri} onChange={(e) => set('uri', e.target.value)} required size={26} list={form.language === 'pdf' ? 'system-queues' : undefined} />
        </label>
        {form.language === 'pdf' && (
          <datalist id="system-queues" data-testid="system-queues">
            {queues.data?.queues.map((q) => <option key={q} value={`system://${q}`} />)}
          </datalist>
        )}
        {form.language === 'pdf' ? (
          <label className="field">
            Paper
            <select aria-label="Paper" value={paperOf(form)} onChange={(e) => setPaper(e.target.value as keyof typeof PAPER)}>
              <option value="A4">A4 (two labels per sheet)</option>
              <option value="Letter">Letter (two labels per sheet)</option>
              <option value="4x6">4×6 in labels (one per page)</option>
            </select>
          </label>
        ) : (
          <>
            <label className="field">
              Resolution
              <select aria-label="Resolution" value={form.dpi} onChange={(e) => set('dpi', Number(e.target.value) as PrinterForm['dpi'])}>
                {[152, 203, 300, 600].map((d) => (
                  <option key={d} value={d}>
                    {d} dpi
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {form.language === 'zpl' ? 'Label width (mm)' : 'Paper width (mm)'}
              <input aria-label="Label width (mm)" placeholder={form.language === 'zpl' ? '102' : '80'} value={form.labelWidthMm} onChange={(e) => set('labelWidthMm', e.target.value)} size={8} inputMode="numeric" />
            </label>
          </>
        )}
        {form.language === 'zpl' && (
          <>
            <label className="field">
              Label height (mm)
              <input aria-label="Label height (mm)" placeholder="152" value={form.labelHeightMm} onChange={(e) => set('labelHeightMm', e.target.value)} size={8} inputMode="numeric" />
            </label>
            <label className="field">
              Darkness (0–30)
              <input aria-label="Darkness" placeholder="printer’s own" value={form.darkness} onChange={(e) => set('darkness', e.target.value)} size={8} inputMode="numeric" />
            </label>
            <label className="field">
              Offset X (mm)
              <input aria-label="Offset X (mm)" value={form.offsetXMm} onChange={(e) => set('offsetXMm', e.target.value)} size={3} inputMode="numeric" />
            </label>
            <label className="field">
              Offset Y (mm)
              <input aria-label="Offset Y (mm)" value={form.offsetYMm} onChange={(e) => set('offsetYMm', e.target.value)} size={3} inputMode="numeric" />
            </label>
          </>
        )}
        <label className="inline">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> enabled
        </label>
        <button type="submit">{form.renameFrom ? 'Save printer' : 'Add printer'}</button>
        {form.renameFrom && (
          <button type="button" className="secondary" onClick={() => setForm(EMPTY)}>
            Cancel
          </button>
        )}
      </form>
      {form.language === 'pdf' && queues.data?.error && <p className="muted">The print system did not list its queues: {queues.data.error}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>Printer</th>
            <th>Language</th>
            <th>Address</th>
            <th>Profile</th>
            <th>Status</th>
            <th className="num">Waiting</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {printers.data?.map((p) => (
            <tr key={p.id} data-testid={`printer-row-${p.name}`}>
              <td>{p.name}</td>
              <td>{p.language === 'zpl' ? 'ZPL' : p.language === 'pdf' ? 'System (PDF)' : 'ESC/POS'}</td>
              <td>{p.uri}</td>
              <td>
                {p.language === 'zpl'
                  ? `${p.dpi} dpi, ${p.labelWidthMm}×${p.labelHeightMm} mm${p.darkness !== null ? `, darkness ${p.darkness}` : ''}`
                  : p.language === 'pdf'
                    ? `${p.labelWidthMm}×${p.labelHeightMm} mm paper`
                    : `${p.labelWidthMm} mm paper`}
              </td>
              <td>
                <PrinterStatusPill printer={p} />
              </td>
              <td className="num">{p.pending}</td>
              <td className="row">
                <button
                  onClick={() =>
                    void call('printers.testPrint', { name: p.name })
                      .then((job) => {
                        setPreviewJob(job.id);
                        notify('info', `Test print queued for ${p.name}`);
                      })
                      .catch(() => undefined)
                  }
                >
                  Test print
                </button>
                <button className="secondary" onClick={() => void call('printers.status', { name: p.name }).then(() => printers.reload()).catch(() => undefined)}>
                  Check status
                </button>
                <button className="secondary" onClick={() => setForm(fromPrinter(p))}>
                  Edit
                </button>
                <button
                  className="secondary"
                  onClick={() => {
                    if (window.confirm(`Remove ${p.name} and its print history?`)) void call('printers.remove', { name: p.name }).then(() => printers.reload()).catch(() => undefined);
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {printers.data?.length === 0 && <p className="muted">No printers yet. Add a network label printer (ZPL, port 9100), a receipt printer (ESC/POS), or a system printer (an office printer the computer already prints to).</p>}
      {previewJob !== undefined && <JobPreview jobId={previewJob} />}
    </div>
  );
}
