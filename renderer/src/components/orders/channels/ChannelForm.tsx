import { cloneElement, useState, type ReactElement, type ReactNode } from 'react';
import type { ChannelKind } from '../../../../../shared/api/orders';
import { useQuery } from '../../../hooks';
import { FieldError } from '../../forms/FieldError';
import { useApiForm } from '../../forms/useApiForm';
import { useToast } from '../../Toasts';
import { CHANNEL_LABELS, channelInput, checkChannelForm, hasWebhooks, type ChannelForm as Form } from './channel-form-model';

/** Adds or edits one sales channel; problems are said next to their field. */
export function ChannelForm({ initial, onSaved, onCancel }: { initial: Form; onSaved(): void; onCancel(): void }) {
  const notify = useToast();
  const warehouses = useQuery('warehouses.list', {});
  const api = useApiForm(CHANNEL_LABELS);
  const [form, setForm] = useState(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const shown = { errors: { ...api.errors, ...local }, errorId: api.errorId };
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch)) api.clear(key);
    setLocal({});
  };

  const save = async () => {
    const problems = checkChannelForm(form);
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const saved = await api.submit('channels.upsert', channelInput(form));
    if (!saved) return;
    notify('success', `Channel ${saved.name} saved`);
    onSaved();
  };

  // The error sits under the label, not inside it, so the field's name stays its label alone.
  const field = (name: keyof Form, label: ReactNode, control: ReactElement<{ 'aria-invalid'?: boolean; 'aria-describedby'?: string }>) => (
    <div className="field-stack">
      <label>
        {label}
        {cloneElement(control, shown.errors[name] ? { 'aria-invalid': true, 'aria-describedby': api.errorId(name) } : {})}
      </label>
      <FieldError form={shown} field={name} />
    </div>
  );

  return (
    <form
      className="action-form channel-form"
      data-testid="channel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {field('name', 'Name', <input value={form.name} onChange={(e) => set({ name: e.target.value })} autoFocus />)}
      {field(
        'kind',
        'Kind',
        <select value={form.kind} disabled={form.id !== undefined} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
          <option value="shopify">Shopify</option>
          <option value="woocommerce">WooCommerce</option>
          <option value="csv">CSV files</option>
          <option value="manual">Manual entry</option>
        </select>,
      )}
      {hasWebhooks(form.kind) && (
        <>
          {field(
            'secret',
            form.id ? 'New webhook secret (rotates)' : 'Webhook secret',
            <input type="password" autoComplete="off" value={form.secret} onChange={(e) => set({ secret: e.target.value })} placeholder={form.kind === 'shopify' ? "the app's client secret" : 'the webhook secret'} />,
          )}
          {form.id !== undefined &&
            form.secret &&
            field('retireOldAfterHours', 'Old secret valid for (hours)', <input className="narrow" value={form.retireOldAfterHours} onChange={(e) => set({ retireOldAfterHours: e.target.value })} />)}
        </>
      )}
      {field(
        'defaultWarehouse',
        'Default warehouse',
        <select value={form.defaultWarehouse} onChange={(e) => set({ defaultWarehouse: e.target.value })}>
          <option value="">None (nearest wins)</option>
          {warehouses.data?.map((w) => (
            <option key={w.code} value={w.code}>
              {w.code} — {w.name}
            </option>
          ))}
        </select>,
      )}
      {field('promiseRules', 'Promise per shipping method (business days)', <textarea rows={3} value={form.promiseRules} onChange={(e) => set({ promiseRules: e.target.value })} />)}
      {field('safetyBuffer', 'Safety buffer', <input className="narrow" value={form.safetyBuffer} onChange={(e) => set({ safetyBuffer: e.target.value })} />)}
      {field('maxExportQty', 'Max export quantity', <input className="narrow" value={form.maxExportQty} placeholder="no cap" onChange={(e) => set({ maxExportQty: e.target.value })} />)}
      <label className="inline">
        <input type="checkbox" checked={form.allowSplit} onChange={(e) => set({ allowSplit: e.target.checked })} /> Allow split shipments
      </label>
      <div className="row">
        <button type="submit">Save channel</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
