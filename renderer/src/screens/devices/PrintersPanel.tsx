import { useState } from 'react';
import type { PrinterDto, PrinterLanguage } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../../components/Toasts';
import { useConfirm } from '../../components/ConfirmDialog';
import { JobPreview, PrinterStatusPill } from './device-ui';
import { DeviceField, DeviceForm, useDeviceForm, type DeviceFormBase } from './device-form';

interface PrinterForm extends DeviceFormBase {
  language: PrinterLanguage;
  uri: string;
  dpi: 152 | 203 | 300 | 600;
  labelWidthMm: string;
  labelHeightMm: string;
  darkness: string;
  offsetXMm: string;
  offsetYMm: string;
}

const EMPTY: PrinterForm = { name: '', language: 'zpl', uri: 'tcp://', dpi: 203, labelWidthMm: '', labelHeightMm: '', darkness: '', offsetXMm: '0', offsetYMm: '0', enabled: true };

/** The form's fields as their labels read, so a refusal is said next to the right one. */
const LABELS = {
  name: 'Name',
  uri: 'Address',
  dpi: 'Resolution',
  labelWidthMm: { label: 'Label width', whole: true },
  labelHeightMm: { label: 'Label height', whole: true },
  darkness: { label: 'Darkness', whole: true },
  offsetXMm: { label: 'Offset X', whole: true },
  offsetYMm: { label: 'Offset Y', whole: true },
};

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

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

const toInput = (form: PrinterForm) => ({
  name: form.name,
  renameFrom: form.renameFrom,
  language: form.language,
  uri: form.uri,
  dpi: form.dpi,
  labelWidthMm: optionalNumber(form.labelWidthMm),
  labelHeightMm: optionalNumber(form.labelHeightMm),
  darkness: form.darkness.trim() === '' ? null : Number(form.darkness),
  offsetXMm: Number(form.offsetXMm || 0),
  offsetYMm: Number(form.offsetYMm || 0),
  enabled: form.enabled,
});

/** Settings → Printers: add/edit with a profile, live status, test print with the preview of what was sent. */
export function PrintersPanel() {
  const printers = useQuery('printers.list', {}, ['devices.', 'print.']);
  const notify = useToast();
  const [confirm, confirmDialog] = useConfirm();
  const [previewJob, setPreviewJob] = useState<number>();
  const state = useDeviceForm({
    kind: 'Printer',
    empty: EMPTY,
    labels: LABELS,
    method: 'printers.upsert',
    toInput,
    onSaved: (saved) => {
      void printers.reload();
      // A fresh status straight away, so the badge is not "not checked yet" until the next poll.
      void call('printers.status', { name: saved.name }).then(() => printers.reload()).catch(() => undefined);
    },
  });
  const { form, set, update, api } = state;
  const queues = useQuery('printers.systemQueues', {}, ['devices.']);
  // A system printer's address is a print-queue name, not a network address: switching type resets it.
  const changeLanguage = (language: PrinterLanguage) =>
    update((f) => ({ ...f, language, uri: language === 'pdf' ? (f.uri.startsWith('system://') ? f.uri : 'system://') : f.uri.startsWith('tcp://') ? f.uri : 'tcp://', ...(language === 'pdf' && !f.labelWidthMm ? { labelWidthMm: '210', labelHeightMm: '297' } : {}) }));
  const setPaper = (paper: keyof typeof PAPER) => update((f) => ({ ...f, labelWidthMm: String(PAPER[paper].w), labelHeightMm: String(PAPER[paper].h) }));
  const remove = async (name: string) => {
    const ok = await confirm({ title: `Remove ${name}?`, body: `${name} and its print history are removed. This cannot be undone.`, confirmLabel: 'Remove printer' });
    if (ok) await call('printers.remove', { name }).then(() => printers.reload()).catch(() => undefined);
  };

  return (
    <div className="panel" data-testid="panel-printers">
      <h2>Printers</h2>
      {confirmDialog}
      <DeviceForm kind="Printer" state={state}>
        <DeviceField label="Name" field="name" api={api}>
          <input aria-label="Printer name" placeholder="Name" value={form.name} onChange={(e) => set('name', e.target.value)} required {...api.fieldProps('name')} />
        </DeviceField>
        <DeviceField label="Type" field="language" api={api}>
          <select aria-label="Printer language" value={form.language} onChange={(e) => changeLanguage(e.target.value as PrinterLanguage)}>
            <option value="zpl">ZPL label printer</option>
            <option value="escpos">ESC/POS receipt printer</option>
            <option value="pdf">System printer (PDF, office)</option>
          </select>
        </DeviceField>
        <DeviceField label={form.language === 'pdf' ? 'Print queue (system://QUEUE)' : 'Address (tcp://host:port)'} field="uri" api={api}>
          <input aria-label="Printer address" placeholder={form.language === 'pdf' ? 'system://Office_Laser' : 'tcp://192.168.1.50:9100'} value={form.uri} onChange={(e) => set('uri', e.target.value)} required size={26} list={form.language === 'pdf' ? 'system-queues' : undefined} {...api.fieldProps('uri')} />
        </DeviceField>
        {form.language === 'pdf' && (
          <datalist id="system-queues" data-testid="system-queues">
            {queues.data?.queues.map((q) => <option key={q} value={`system://${q}`} />)}
          </datalist>
        )}
        {form.language === 'pdf' ? (
          <DeviceField label="Paper" field="labelWidthMm" api={api}>
            <select aria-label="Paper" value={paperOf(form)} onChange={(e) => setPaper(e.target.value as keyof typeof PAPER)}>
              <option value="A4">A4 (two labels per sheet)</option>
              <option value="Letter">Letter (two labels per sheet)</option>
              <option value="4x6">4×6 in labels (one per page)</option>
            </select>
          </DeviceField>
        ) : (
          <>
            <DeviceField label="Resolution" field="dpi" api={api}>
              <select aria-label="Resolution" value={form.dpi} onChange={(e) => set('dpi', Number(e.target.value) as PrinterForm['dpi'])}>
                {[152, 203, 300, 600].map((d) => (
                  <option key={d} value={d}>
                    {d} dpi
                  </option>
                ))}
              </select>
            </DeviceField>
            <DeviceField label={form.language === 'zpl' ? 'Label width (mm)' : 'Paper width (mm)'} field="labelWidthMm" api={api}>
              <input aria-label="Label width (mm)" placeholder={form.language === 'zpl' ? '102' : '80'} value={form.labelWidthMm} onChange={(e) => set('labelWidthMm', e.target.value)} size={8} inputMode="numeric" {...api.fieldProps('labelWidthMm')} />
            </DeviceField>
          </>
        )}
        {form.language === 'zpl' && (
          <>
            <DeviceField label="Label height (mm)" field="labelHeightMm" api={api}>
              <input aria-label="Label height (mm)" placeholder="152" value={form.labelHeightMm} onChange={(e) => set('labelHeightMm', e.target.value)} size={8} inputMode="numeric" {...api.fieldProps('labelHeightMm')} />
            </DeviceField>
            <DeviceField label="Darkness (0–30)" field="darkness" api={api}>
              <input aria-label="Darkness" placeholder="printer’s own" value={form.darkness} onChange={(e) => set('darkness', e.target.value)} size={8} inputMode="numeric" {...api.fieldProps('darkness')} />
            </DeviceField>
            <DeviceField label="Offset X (mm)" field="offsetXMm" api={api}>
              <input aria-label="Offset X (mm)" value={form.offsetXMm} onChange={(e) => set('offsetXMm', e.target.value)} size={3} inputMode="numeric" {...api.fieldProps('offsetXMm')} />
            </DeviceField>
            <DeviceField label="Offset Y (mm)" field="offsetYMm" api={api}>
              <input aria-label="Offset Y (mm)" value={form.offsetYMm} onChange={(e) => set('offsetYMm', e.target.value)} size={3} inputMode="numeric" {...api.fieldProps('offsetYMm')} />
            </DeviceField>
          </>
        )}
      </DeviceForm>
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
                <button className="secondary" onClick={() => state.edit(fromPrinter(p))}>
                  Edit
                </button>
                <button className="secondary" onClick={() => void remove(p.name)}>
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
