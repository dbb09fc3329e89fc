import { formatMoney } from '../../../../shared/units';
import { useQuery } from '../../hooks';
import type { PurchasingTabProps } from './types';

/**
 * The Purchasing screen's cards: value still on order, POs past their expected day, and SKUs the
 * forecast says will run out before the next delivery can arrive (the autopilot's exceptions).
 * Each card opens the tab where the owner acts on it.
 */
export function PurchasingCards({ navigate }: Pick<PurchasingTabProps, 'navigate'>) {
  // Purchasing and the autopilot announce their changes as 'purchasing.*' events.
  const board = useQuery('purchasing.dashboard', {}, ['purchasing.']);
  const exceptions = useQuery('replenish.exceptions', {}, ['purchasing.']);
  const d = board.data;
  const atRisk = new Set((exceptions.data ?? []).filter((e) => e.kind === 'runs_out_before_delivery').map((e) => e.productId ?? e.sku));
  const value = d ? (d.valueOnOrder.length ? d.valueOnOrder.map((v) => formatMoney(v.cents, v.currency)).join(' + ') : formatMoney(0)) : '…';
  const card = (testId: string, label: string, shown: string, detail: string, to: string, bad = false) => (
    <a className={`kpi${bad ? ' kpi-bad' : ''}`} data-testid={testId} href={`#/${to}`} onClick={(e) => (e.preventDefault(), navigate(to))} title={detail}>
      <div className="kpi-value">{shown}</div>
      <div className="kpi-label">{label}</div>
    </a>
  );
  const late = d?.latePos ?? [];
  return (
    <div className="kpis" data-testid="purchasing-cards">
      {card('card-on-order', `Value on order${d ? ` (${d.openPos} open PO${d.openPos === 1 ? '' : 's'})` : ''}`, value, 'Units still to arrive × their PO unit cost', 'purchasing/orders')}
      {card(
        'card-late-pos',
        'Late POs',
        d ? String(late.length) : '…',
        late.map((p) => `${p.number} (${p.supplier}) ${p.daysLate} day${p.daysLate === 1 ? '' : 's'} late`).join('\n') || 'None past their expected day',
        'purchasing/orders',
        late.length > 0,
      )}
      {card('card-at-risk', 'SKUs at risk', exceptions.data ? String(atRisk.size) : '…', 'Forecast to run out before the next delivery can arrive', 'purchasing/suggestions', atRisk.size > 0)}
    </div>
  );
}
