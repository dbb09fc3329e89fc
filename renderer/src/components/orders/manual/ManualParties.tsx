import { useQuery } from '../../../hooks';
import { Field } from './Field';
import type { ManualOrder } from './useManualOrder';

/** The customer (and the channel the order is entered for) and the ship-to address. */
export function ManualParties({ form }: { form: ManualOrder }) {
  const channels = useQuery('channels.list', {}, ['channels.']);
  const entryChannels = (channels.data ?? []).filter((c) => c.kind === 'manual' || c.kind === 'csv');
  const { errors, customer, setCustomer, channel, setChannel, sameName, setSameName, addr } = form;
  return (
    <div className="grid2">
      <fieldset className="panel">
        <legend>Customer</legend>
        <Field label="Customer name" error={errors['customer.name']}>
          <input autoFocus value={customer.name} onChange={(e) => setCustomer({ ...customer, name: e.target.value })} />
        </Field>
        <Field label="Email" error={errors['customer.email']}>
          <input type="email" value={customer.email} onChange={(e) => setCustomer({ ...customer, email: e.target.value })} />
        </Field>
        <Field label="Phone" error={errors['customer.phone']}>
          <input value={customer.phone} onChange={(e) => setCustomer({ ...customer, phone: e.target.value })} />
        </Field>
        <Field label="Channel" error={errors.channel}>
          <select value={channel} onChange={(e) => setChannel(e.target.value ? Number(e.target.value) : '')}>
            <option value="">Manual orders</option>
            {entryChannels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset className="panel">
        <legend>Ship to</legend>
        <label className="inline">
          <input type="checkbox" checked={sameName} onChange={(e) => setSameName(e.target.checked)} /> Ship to the customer
        </label>
        {!sameName && (
          <Field label="Recipient" error={errors['shipTo.name']}>
            <input {...addr('name')} />
          </Field>
        )}
        <Field label="Company" error={errors['shipTo.company']}>
          <input {...addr('company')} />
        </Field>
        <Field label="Address line 1" error={errors['shipTo.line1']}>
          <input {...addr('line1')} />
        </Field>
        <Field label="Address line 2" error={errors['shipTo.line2']}>
          <input {...addr('line2')} />
        </Field>
        <div className="field-row">
          <Field label="City" error={errors['shipTo.city']}>
            <input {...addr('city')} />
          </Field>
          <Field label="Region" error={errors['shipTo.regionCode']}>
            <input className="narrow" {...addr('regionCode')} />
          </Field>
          <Field label="Postal code" error={errors['shipTo.postalCode']}>
            <input className="narrow" {...addr('postalCode')} />
          </Field>
          <Field label="Country" error={errors['shipTo.countryCode']}>
            <input className="narrow" maxLength={2} {...addr('countryCode')} />
          </Field>
        </div>
      </fieldset>
    </div>
  );
}
