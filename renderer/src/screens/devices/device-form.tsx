import { useState, type FormEvent, type ReactNode } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../../shared/api';
import type { FieldLabels } from '../../../../shared/validation-messages';
import { FieldError } from '../../components/forms/FieldError';
import { useApiForm, type ApiForm } from '../../components/forms/useApiForm';
import { useToast } from '../../components/Toasts';

/** What every device form holds besides its own fields: the name it is being edited under, and whether it is on. */
export interface DeviceFormBase {
  renameFrom?: string;
  name: string;
  enabled: boolean;
}

export interface DeviceFormState<F extends DeviceFormBase> {
  form: F;
  set<K extends keyof F>(key: K, value: F[K]): void;
  update(change: (f: F) => F): void;
  edit(f: F): void;
  reset(): void;
  api: ApiForm;
  submit(e: FormEvent): void;
}

/**
 * The add/edit form of a device list (printers, scales): one state, the API's refusals next to the
 * fields they name, a toast and a fresh list after saving, back to empty when saved or cancelled.
 */
export function useDeviceForm<F extends DeviceFormBase, M extends MethodName>(opts: {
  kind: 'Printer' | 'Scale';
  empty: F;
  labels: FieldLabels;
  method: M;
  toInput(f: F): MethodInput<M>;
  onSaved(saved: MethodOutput<M>): void;
}): DeviceFormState<F> {
  const notify = useToast();
  const [form, setForm] = useState<F>(opts.empty);
  const api = useApiForm(opts.labels);
  const reset = () => {
    setForm(opts.empty);
    api.clear();
  };
  return {
    form,
    api,
    set: (key, value) => {
      setForm((f) => ({ ...f, [key]: value }));
      api.clear(String(key));
    },
    update: (change) => setForm(change),
    edit: (f) => {
      setForm(f);
      api.clear();
    },
    reset,
    submit: (e) => {
      e.preventDefault();
      void api.submit(opts.method, opts.toInput(form)).then((saved) => {
        if (saved === undefined) return;
        notify('success', `${opts.kind} ${form.name} saved`);
        reset();
        opts.onSaved(saved);
      });
    },
  };
}

/** One labelled field of a device form, its error in plain words under it. */
export function DeviceField({ label, field, api, children }: { label: ReactNode; field: string; api: ApiForm; children: ReactNode }) {
  return (
    <label className={`field${api.errors[field] ? ' invalid' : ''}`}>
      {label}
      {children}
      <FieldError form={api} field={field} />
    </label>
  );
}

/** The form around a device's fields: the enabled box, Add/Save and Cancel, the same for every kind of device. */
export function DeviceForm<F extends DeviceFormBase>({ kind, state, children }: { kind: 'Printer' | 'Scale'; state: DeviceFormState<F>; children: ReactNode }) {
  const { form, set, reset, submit } = state;
  return (
    <form className="field-row device-form" aria-label={kind} onSubmit={submit} noValidate>
      {children}
      <label className="inline">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked as F['enabled'])} /> enabled
      </label>
      <button type="submit">{form.renameFrom ? `Save ${kind.toLowerCase()}` : `Add ${kind.toLowerCase()}`}</button>
      {form.renameFrom && (
        <button type="button" className="secondary" onClick={reset}>
          Cancel
        </button>
      )}
    </form>
  );
}
