import { useEffect, useState } from 'react';
import type { DocumentSettingsDto, PaperSize } from '../../../../shared/api/documents';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../../components/Toasts';

/** Settings → Documents: what packing slips and pick lists (PDF, office paper) say about the shop. */
export function DocumentsPanel() {
  const settings = useQuery('documents.settings', {}, []);
  const notify = useToast();
  const [form, setForm] = useState<DocumentSettingsDto | null>(null);
  const [logoUpload, setLogoUpload] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);
  if (!form) return null;
  const set = <K extends keyof DocumentSettingsDto>(key: K, value: DocumentSettingsDto[K]) => setForm({ ...form, [key]: value });

  const save = async () => {
    const saved = await call('documents.updateSettings', {
      shopName: form.shopName,
      logoPath: form.logoPath || null,
      ...(logoUpload ? { logoPngBase64: logoUpload } : {}),
      returnInstructions: form.returnInstructions,
      paper: form.paper,
      showPrices: form.showPrices,
    });
    setLogoUpload(null);
    setForm(saved);
    notify('success', 'Document settings saved');
  };

  const readLogo = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    // data:image/png;base64,XXXX → XXXX; the server checks it is a PNG.
    reader.onload = () => setLogoUpload(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.readAsDataURL(file);
  };

  return (
    <div className="panel" data-testid="panel-documents">
      <h2>Documents (packing slips, pick lists)</h2>
      <form
        aria-label="Document settings"
        onSubmit={(e) => {
          e.preventDefault();
          void save().catch(() => undefined);
        }}
      >
        <div className="field-row">
          <label className="field">
            Shop name on slips
            <input aria-label="Shop name on slips" placeholder="the warehouse name" value={form.shopName} onChange={(e) => set('shopName', e.target.value)} size={30} />
          </label>
          <label className="field">
            Paper
            <select aria-label="Document paper" value={form.paper} onChange={(e) => set('paper', e.target.value as PaperSize)}>
              <option value="A4">A4</option>
              <option value="Letter">Letter</option>
            </select>
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.showPrices} onChange={(e) => set('showPrices', e.target.checked)} /> prices on packing slips
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            Logo file on this computer (PNG or JPEG)
            <input aria-label="Logo file path" placeholder="/home/shop/logo.png" value={form.logoPath ?? ''} onChange={(e) => set('logoPath', e.target.value)} size={40} />
          </label>
          <label className="field">
            …or upload a PNG (stored in the database)
            <input aria-label="Upload logo" type="file" accept="image/png" onChange={(e) => readLogo(e.target.files?.[0])} />
          </label>
          {form.logoUploaded && (
            <button type="button" className="secondary" onClick={() => void call('documents.updateSettings', { logoPngBase64: null }).then(setForm).catch(() => undefined)}>
              Remove uploaded logo
            </button>
          )}
        </div>
        <label className="field">
          Return instructions
          <textarea aria-label="Return instructions" rows={3} value={form.returnInstructions} onChange={(e) => set('returnInstructions', e.target.value)} />
        </label>
        <button type="submit">Save document settings</button>
      </form>
    </div>
  );
}
