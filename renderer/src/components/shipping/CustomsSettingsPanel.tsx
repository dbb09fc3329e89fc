import { useEffect, useState } from 'react';
import { CONTENTS_TYPES, INCOTERMS, type CustomsSettingsDto } from '../../../../shared/api/customs';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';

/**
 * The shop's customs numbers, printed on CN22/CN23 and commercial invoices and sent to the postage
 * provider where a destination asks for them: the EORI (exports from and DDP imports into the EU
 * and the UK), the IOSS (EU parcels up to €150 sent DDP), the UK VAT number (UK parcels up to £135
 * sent DDP); and the defaults a shipment takes.
 */
export function CustomsSettingsPanel() {
  const notify = useToast();
  const settings = useQuery('customs.settings', {}, ['shipping.config']);
  const [draft, setDraft] = useState<CustomsSettingsDto | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  if (!draft) return null;
  const text = (key: 'eori' | 'ioss' | 'ukVat' | 'signer', label: string, placeholder: string) => (
    <label>
      {label}
      <input value={draft[key] ?? ''} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [key]: e.target.value.trim() === '' ? null : e.target.value })} data-testid={`customs-${key}`} />
    </label>
  );
  return (
    <div className="panel" data-testid="customs-settings">
      <h2>Customs</h2>
      <form
        className="address-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await call('customs.updateSettings', draft);
            notify('success', 'Customs settings saved');
          } catch {
            // the shell shows every API error
          }
        }}
      >
        {text('eori', 'EORI number', 'DE123456789012345')}
        {text('ioss', 'IOSS number', 'IM0123456789')}
        {text('ukVat', 'UK VAT number', 'GB123456789')}
        {text('signer', 'Signed by (on declarations)', 'the shop name')}
        <label>
          Default contents
          <select value={draft.defaultContentsType} onChange={(e) => setDraft({ ...draft, defaultContentsType: e.target.value as CustomsSettingsDto['defaultContentsType'] })}>
            {CONTENTS_TYPES.map((c) => (
              <option key={c} value={c}>
                {c.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Default incoterm
          <select value={draft.defaultIncoterm} onChange={(e) => setDraft({ ...draft, defaultIncoterm: e.target.value as CustomsSettingsDto['defaultIncoterm'] })}>
            {INCOTERMS.map((c) => (
              <option key={c} value={c}>
                {c === 'DDU' ? 'DDU — the buyer pays duties and VAT on arrival' : 'DDP — duties and VAT paid by the shop'}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="submit" data-testid="customs-save">
            Save
          </button>
        </div>
      </form>
    </div>
  );
}
