import { useState } from 'react';
import type { AddressDto, OrderDetailDto, OrderStatus } from '../../../../shared/api/orders';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';

/** States before a label exists: the address may still change (the server checks the same list). */
const EDITABLE: OrderStatus[] = ['new', 'allocated', 'backordered', 'picking', 'packed', 'on_hold'];

const FIELDS: { key: keyof AddressDto; label: string; wide?: boolean }[] = [
  { key: 'name', label: 'Name', wide: true },
  { key: 'company', label: 'Company', wide: true },
  { key: 'line1', label: 'Address line 1', wide: true },
  { key: 'line2', label: 'Address line 2', wide: true },
  { key: 'city', label: 'City' },
  { key: 'regionCode', label: 'State / province' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'countryCode', label: 'Country (2 letters)' },
  { key: 'phone', label: 'Phone' },
];

/**
 * The order's ship-to, and its edit form. Saving re-checks the address on the server: a held
 * order whose address now passes is released and allocated; one that still fails stays held with
 * the new reason (shown above, in the hold callout).
 */
export function AddressEditor({ order, onSaved }: { order: OrderDetailDto; onSaved(o: OrderDetailDto): void }) {
  const notify = useToast();
  const addr = order.shipTo;
  const [draft, setDraft] = useState<AddressDto | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = addr !== null && EDITABLE.includes(order.status);
  const postage = useQuery('shipping.postage', {}, ['shipping.config']);

  if (draft) {
    const set = (key: keyof AddressDto, value: string) => setDraft({ ...draft, [key]: value === '' && key !== 'line1' && key !== 'city' && key !== 'postalCode' && key !== 'name' ? null : value });
    return (
      <form
        className="address-form"
        data-testid="address-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            const updated = await call('orders.updateAddress', { id: order.id, address: draft });
            notify(updated.status === 'on_hold' ? 'error' : 'success', updated.status === 'on_hold' ? `Saved; still on hold: ${updated.holdReason}` : `Address saved; order ${updated.number} is ${updated.status.replace(/_/g, ' ')}`);
            setDraft(null);
            onSaved(updated);
          } catch {
            // the toast shows why
          } finally {
            setBusy(false);
          }
        }}
      >
        {order.status === 'on_hold' && order.holdReason?.startsWith('address needs attention') && (
          // The reason stays in view while the owner edits (the hold callout above may be scrolled away).
          <p className="callout hold-callout" style={{ gridColumn: '1 / -1', margin: 0 }} role="note" data-testid="address-problem">
            {order.holdReason.replace(/^address needs attention: /, 'To fix: ')}
          </p>
        )}
        {FIELDS.map((f) => (
          <label key={f.key} className={f.wide ? 'wide' : undefined}>
            {f.label}
            <input value={(draft[f.key] as string | null) ?? ''} onChange={(e) => set(f.key, e.target.value)} data-testid={`address-${f.key}`} />
          </label>
        ))}
        <div className="row">
          <button type="submit" disabled={busy} data-testid="address-save">
            Save address
          </button>
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <>
      {addr ? (
        <address className="address" data-testid="order-ship-to">
          {addr.name}
          {addr.company && <>, {addr.company}</>}
          <br />
          {addr.line1}
          {addr.line2 && <>, {addr.line2}</>}
          <br />
          {addr.city}
          {addr.regionCode ? `, ${addr.regionCode}` : ''} {addr.postalCode}
          <br />
          {addr.countryCode}
          {addr.phone && <> · {addr.phone}</>}
        </address>
      ) : (
        <p className="muted">No shipping address.</p>
      )}
      {canEdit && (
        <div className="row">
          <button className="secondary" onClick={() => setDraft({ ...addr })} data-testid="edit-address">
            Edit address…
          </button>
          {postage.data?.provider && (
            <button
              className="secondary"
              disabled={busy}
              data-testid="verify-address"
              onClick={async () => {
                setBusy(true);
                try {
                  const result = await call('orders.verifyAddress', { id: order.id });
                  notify(result.deliverable ? 'success' : 'error', result.deliverable ? 'EasyPost can deliver to this address' : `EasyPost cannot deliver here: ${result.errors.join('; ')}`);
                  onSaved(await call('orders.get', { id: order.id }));
                } catch {
                  // the toast shows why
                } finally {
                  setBusy(false);
                }
              }}
            >
              Verify with EasyPost
            </button>
          )}
        </div>
      )}
    </>
  );
}
