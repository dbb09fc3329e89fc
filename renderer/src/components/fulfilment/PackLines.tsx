import type { PackLineDto, PickedLotDto } from '../../../../shared/api/fulfilment';
import { useFormat } from '../ShopFormat';

/**
 * The lines to verify at the pack station. Lot-tracked lines list the lots picked for them —
 * code, expiry (by the shop calendar) and packed / picked units — because only those lots, each
 * up to its picked quantity, may go into the box.
 */
export function PackLines({ lines }: { lines: PackLineDto[] }) {
  const anyLots = lines.some((l) => l.lotTracked);
  const { count } = useFormat();
  return (
    <table className="table" data-testid="pack-lines">
      <thead>
        <tr>
          <th>SKU</th>
          <th>Name</th>
          <th>Verified</th>
          {anyLots ? <th>Lots picked (packed/picked)</th> : null}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.orderLineId}-${l.sku}`} className={l.verifiedQty >= l.expectedQty ? 'line-done' : ''} data-testid={`pack-line-${l.sku}`}>
            <td className="mono">{l.sku}</td>
            <td className="ellipsis cell-wide">{l.name}</td>
            <td>
              {count(l.verifiedQty)}/{count(l.expectedQty)} {l.verifiedQty >= l.expectedQty ? '✓' : ''}
            </td>
            {anyLots ? <td>{l.lotTracked ? <PickedLots sku={l.sku} lots={l.pickedLots} /> : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PickedLots({ sku, lots }: { sku: string; lots: PickedLotDto[] }) {
  const { count } = useFormat();
  if (lots.length === 0) return <span className="error">no lot picked</span>;
  return (
    <ul className="plain" data-testid={`picked-lots-${sku}`}>
      {lots.map((p) => (
        <li key={p.lot ?? '-'} data-testid={`picked-lot-${sku}-${p.lot ?? 'none'}`} className={p.packedQty >= p.pickedQty ? 'muted' : ''}>
          <span className="mono">{p.lot ?? 'no lot'}</span>
          {p.expiresOn ? <span className="muted"> · exp {p.expiresOn}</span> : null}
          {' · '}
          {count(p.packedQty)}/{count(p.pickedQty)}
          {p.expired ? <span className="pill bad"> expired</span> : null}
        </li>
      ))}
    </ul>
  );
}
