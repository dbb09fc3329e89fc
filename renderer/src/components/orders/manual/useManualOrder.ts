import { useState, type ChangeEvent } from 'react';
import type { MethodInput } from '../../../../../shared/api';
import { call } from '../../../bridge';
import { useToast } from '../../Toasts';
import { fieldErrors, parseCents } from '../order-format';

export interface ManualLine {
  sku: string;
  name: string;
  quantity: string;
}

export const EMPTY_ADDRESS = { name: '', company: '', line1: '', line2: '', city: '', regionCode: '', postalCode: '', countryCode: 'US', phone: '' };

/**
 * The manual order form's state and its submission: quantities and the shipping amount are
 * checked here first, then the server validates; every problem lands in `errors` by field path
 * (customer.name, shipTo.city, lines.0.quantity, …) to be shown next to its field.
 */
export function useManualOrder(navigate: (path: string) => void) {
  const notify = useToast();
  const [channel, setChannel] = useState<number | ''>('');
  const [customer, setCustomer] = useState({ name: '', email: '', phone: '' });
  const [shipTo, setShipTo] = useState(EMPTY_ADDRESS);
  const [sameName, setSameName] = useState(true);
  const [lines, setLines] = useState<ManualLine[]>([]);
  const [shippingMethod, setShippingMethod] = useState('Standard');
  const [shipping, setShipping] = useState('0.00');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const addr = (k: keyof typeof EMPTY_ADDRESS) => ({
    value: shipTo[k],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setShipTo({ ...shipTo, [k]: e.target.value }),
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

  return {
    channel, setChannel, customer, setCustomer, shipTo, setShipTo, sameName, setSameName, lines, setLines,
    shippingMethod, setShippingMethod, shipping, setShipping, note, setNote, errors, busy, addr, submit,
  };
}

export type ManualOrder = ReturnType<typeof useManualOrder>;
