import { useState, type ReactNode } from 'react';
import type { MethodInput } from '../../../../shared/api';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { ProductPicker } from './ProductPicker';
import { fieldErrors, parseCents } from './order-format';

interface Line {
  sku: string;
  name: string;
  quantity: string;
}

const EMPTY_ADDRESS = { name: '', company: '', line1: '', line2: '', city: '', regionCode: '', postalCode: '', countryCode: 'US', phone: '' };

/**
 * Enter an order by hand (phone orders, a market stall, a wholesale email): customer, ship-to,
 * lines picked from the catalog with quantities, shipping. The server validates; every problem is
 * shown next to its field.
 */
export function ManualOrderForm({ navigate }: { navigate(path: string): void }) {
  const notify = useToast();
  const channels = useQuery('channels.list', {}, ['channels.']);
  const [channel, setChannel] = useState<number | ''>('');
  const [customer, setCustomer] = useState({ name: '', email: '', phone: '' });
  const [shipTo, setShipTo] = useState(EMPTY_ADDRESS);
  const [sameName, setSameName] = useState(true);
  const [lines, setLines] = useState<Line[]>([]);
  const [shippingMethod, setShippingMethod] = useState('Standard');
  const [shipping, setShipping] = useState('0.00');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const entryChannels = (channels.data ?? []).filter((c) => c.kind === 'manual' || c.kind === 'csv');
  const addr = (k: keyof typeof EMPTY_ADDRESS) => ({
    value: shipTo[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setShipTo({ ...shipTo, [k]: e.target.value }),
  });
  const orNull = (s: string) => (s.trim() ? s.trim() : null);

  const submit = async () => {
    const local: Record<string, string> = {};
    const shippingCents = parseCents(shipping);
    if (shippingCents === null) local.shippingChargedCents = 'enter an amount like 4.95';
    lines.forEach((l, i) => {
      if (!/^\d+$/.test(l.quantity.trim()) || Number(l.quantity) < 1) local[`lines.${i}.quantity`] = 'must be at least 1';
    });
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    const input: MethodInput<'orders.create'> = {
      channel: channel === '' ? undefined : channel,
      customer: { name: customer.name, email: orNull(customer.email), phone: orNull(customer.phone) },
      shipTo: {
        name: sameName ? customer.name : shipTo.name,
        company: orNull(shipTo.company),
        line1: shipTo.line1,
        line2: orNull(shipTo.line2),
        city: shipTo.city,
        regionCode: orNull(shipTo.regionCode),
        postalCode: shipTo.postalCode,
        countryCode: shipTo.countryCode,
        phone: orNull(shipTo.phone),
        residential: null,
      },
      lines: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity) })),
      shippingMethod: orNull(shippingMethod),
      shippingChargedCents: shippingCents ?? 0,
      note: orNull(note),
    };
    setBusy(true);
    try {
      const order = await call('orders.create', input);
      notify('success', `Order ${order.number} created (${order.status.replace('_', ' ')})`);
      navigate(`orders/${order.id}`);
    } catch (err) {
      const byField = fieldErrors(err);
      if (sameName && byField['shipTo.name'] && !byField['customer.name']) byField['customer.name'] = byField['shipTo.name'];
      setErrors(byField);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="manual-order"
      data-testid="manual-order-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="row">
        <button type="button" className="secondary" onClick={() => navigate('orders')}>
          ← Orders
        </button>
        <h2 className="detail-title">New order</h2>
        <span className="muted">Ctrl+Enter saves</span>
      </div>
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
      <fieldset className="panel">
        <legend>Lines</legend>
        <ProductPicker
          label="Add product"
          testId="order-product-picker"
          onPick={(p) =>
            setLines((ls) => {
              const i = ls.findIndex((l) => l.sku === p.sku);
              if (i >= 0) return ls.map((l, j) => (j === i ? { ...l, quantity: String((Number(l.quantity) || 0) + 1) } : l));
              return [...ls, { sku: p.sku, name: p.name, quantity: '1' }];
            })
          }
        />
        {errors.lines && (
          <p className="error field-error" role="alert">
            {errors.lines}
          </p>
        )}
        {lines.length > 0 && (
          <table className="table" data-testid="manual-lines">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Name</th>
                <th className="num">Quantity</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={l.sku}>
                  <td className="mono">{l.sku}</td>
                  <td>{l.name}</td>
                  <td className="num">
                    <input
                      className="narrow"
                      inputMode="numeric"
                      aria-label={`Quantity of ${l.sku}`}
                      aria-invalid={!!errors[`lines.${i}.quantity`]}
                      value={l.quantity}
                      onChange={(e) => setLines(lines.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))}
                    />
                    {errors[`lines.${i}.quantity`] && <div className="error field-error">{errors[`lines.${i}.quantity`]}</div>}
                  </td>
                  <td>
                    <button type="button" className="secondary" aria-label={`Remove ${l.sku}`} onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="field-row">
          <Field label="Shipping method" error={errors.shippingMethod}>
            <input value={shippingMethod} onChange={(e) => setShippingMethod(e.target.value)} />
          </Field>
          <Field label="Shipping charged" error={errors.shippingChargedCents}>
            <input className="narrow" inputMode="decimal" value={shipping} onChange={(e) => setShipping(e.target.value)} />
          </Field>
          <span className="muted">{parseCents(shipping) !== null ? formatMoney(parseCents(shipping)!) : ''}</span>
        </div>
        <Field label="Note" error={errors.note}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </fieldset>
      <div className="row">
        <button type="submit" disabled={busy} data-testid="create-order">
          Create order
        </button>
        <button type="button" className="secondary" onClick={() => navigate('orders')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A labelled field with its validation message underneath. */
function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className={`field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {error && (
        <span className="error field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
