import { useEffect, useState } from 'react';
import type { RateOptionDto, ShipmentDto } from '../../../../shared/api/shipping';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { svgDataUrl } from '../../screens/devices/device-ui';
import { useToast } from '../Toasts';
import { useConfirm } from '../ConfirmDialog';

export const percent = (p: number) => `${Math.floor(p * 100)}%`;
export const kg = (g: number) => `${(g / 1000).toFixed(2)} kg`;

const STATUS_PILL: Record<string, string> = {
  label_created: 'pill',
  manifested: 'pill',
  in_transit: 'pill',
  out_for_delivery: 'pill',
  delivered: 'pill ok',
  exception: 'pill bad',
  returned: 'pill warn',
  voided: 'pill warn',
};

export function ShipmentStatusPill({ status }: { status: string }) {
  return (
    <span className={STATUS_PILL[status] ?? 'pill'} data-testid="shipment-status">
      {status.replace(/_/g, ' ')}
    </span>
  );
}

/**
 * What a label is, in words a packer cannot misread: bought postage, a reference-only label
 * (NOT POSTAGE: no postage account for that carrier, the number is internal), or an own-fleet label.
 */
export function LabelKindPill({ kind }: { kind: 'postage' | 'reference' | 'own-fleet' }) {
  if (kind === 'postage') return <span className="pill ok" data-testid="label-kind">postage</span>;
  if (kind === 'own-fleet') return <span className="pill" data-testid="label-kind">own fleet</span>;
  return (
    <span className="pill bad" data-testid="label-kind" title="No postage was bought for this carrier: the label is a packing reference, not valid for shipping, and its number is internal, not tracking">
      NOT POSTAGE — reference only
    </span>
  );
}

/**
 * The rate table: every eligible service with price, delivery date and on-time odds; the
 * recommended one highlighted. With `onSelect`, rows are choosable (for an override).
 */
export function RateTable({ options, recommendedKey, selected, onSelect }: { options: RateOptionDto[]; recommendedKey: string | null; selected?: string; onSelect?(key: string): void }) {
  if (options.length === 0) return <p className="muted">No service can ship this parcel.</p>;
  return (
    <table className="table rate-table" data-testid="rate-table">
      <thead>
        <tr>
          {onSelect && <th />}
          <th>Service</th>
          <th className="num">Price</th>
          <th>Delivery</th>
          <th className="num">On time</th>
          <th>Zone</th>
          <th className="num">Billable</th>
          <th>Breakdown</th>
          {options.some((o) => o.labelKind) && <th>Label</th>}
        </tr>
      </thead>
      <tbody>
        {options.map((o) => {
          const recommended = o.serviceKey === recommendedKey;
          return (
            <tr key={o.serviceKey} className={recommended ? 'selected' : undefined} data-testid={`rate-${o.serviceKey}`} data-recommended={recommended ? 'true' : undefined}>
              {onSelect && (
                <td>
                  <input type="radio" name="rate" aria-label={`Use ${o.serviceName}`} checked={selected === o.serviceKey} onChange={() => onSelect(o.serviceKey)} />
                </td>
              )}
              <td className="cell-text">
                {o.serviceName} {recommended && <span className="pill ok">recommended</span>}
              </td>
              <td className="num" data-testid="rate-price">
                {formatMoney(o.priceCents, o.currency)}
                {o.priceSource === 'live' && <span className="pill ok" title="The postage provider's price now">live</span>}
              </td>
              <td className="cell-text">
                {o.deliveryDate} <span className="muted">({o.transitDays} d)</span>
              </td>
              <td className="num">
                <span className={o.meetsPromise ? 'pill ok' : 'pill warn'} title={`${o.historyObservations} delivered parcels in this shop's history`}>
                  {percent(o.onTimeProbability)}
                </span>
              </td>
              <td>{o.zone}</td>
              <td className="num">
                {kg(o.billableWeightG)}
                {o.dimWeightG > o.actualWeightG && <span className="muted"> (dim)</span>}
              </td>
              <td className="muted cell-text" title={o.breakdown.map((l) => `${l.label}: ${formatMoney(l.amountCents, o.currency)}`).join('\n')}>
                {o.breakdown.map((l) => `${l.code} ${formatMoney(l.amountCents, o.currency)}`).join(' + ')}
              </td>
              {o.labelKind && (
                <td className="cell-text">
                  <LabelKindPill kind={o.labelKind} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A package label as the printer got it (SVG preview of the same layout). */
export function LabelPreview({ packageId }: { packageId: number }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    call('shipping.labelPreview', { packageId }).then((p) => live && setSvg(p.svg)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [packageId]);
  return svg ? <img className="label-preview" src={svgDataUrl(svg)} alt={`Label of package ${packageId}`} data-testid="label-preview" /> : null;
}

/** Void and reprint for one shipment. */
export function ShipmentActions({ shipment, printers, onDone }: { shipment: ShipmentDto; printers: string[]; onDone(): void }) {
  const notify = useToast();
  const [printer, setPrinter] = useState(printers[0] ?? '');
  const live = shipment.status === 'label_created' || shipment.status === 'manifested';
  const [, confirmDialog, askReason] = useConfirm();
  // A voided label cannot be used again (the postage is refunded): ask first, with the reason.
  const voidLabel = async () => {
    const reason = await askReason({
      title: `Void the label of shipment ${shipment.id}?`,
      body: 'The label can no longer be used and its postage refund is recorded. This cannot be undone.',
      confirmLabel: 'Void label',
      reason: { label: 'Why void this label?', initial: 'wrong address' },
    });
    if (!reason) return;
    await call('shipping.void', { id: shipment.id, reason })
      .then(() => notify('success', `Shipment ${shipment.id} voided; postage refund recorded`))
      .then(onDone)
      .catch(() => undefined);
  };
  return (
    <span className="row nowrap">
      {confirmDialog}
      {shipment.status !== 'voided' && printers.length > 0 && (
        <>
          <select aria-label="Reprint on" value={printer} onChange={(e) => setPrinter(e.target.value)}>
            {printers.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <button
            className="secondary"
            onClick={() =>
              void call('shipping.reprint', { id: shipment.id, printer })
                .then(() => notify('success', `Labels of shipment ${shipment.id} sent to ${printer}`))
                .then(onDone)
                .catch(() => undefined)
            }
          >
            Reprint
          </button>
        </>
      )}
      {live && (
        <button className="secondary" onClick={() => void voidLabel()}>
          Void
        </button>
      )}
    </span>
  );
}
