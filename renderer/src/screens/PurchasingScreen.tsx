import { PurchasingCards } from '../components/purchasing/PurchasingCards';
import { PurchaseOrdersTab } from '../components/purchasing/PurchaseOrdersTab';
import { ReceivingTab } from '../components/purchasing/ReceivingTab';
import { SuggestionsTab } from '../components/purchasing/SuggestionsTab';
import { SuppliersTab } from '../components/purchasing/SuppliersTab';
import type { ScreenProps } from './index';

const TABS = [
  { id: 'suggestions', label: 'Suggestions' },
  { id: 'orders', label: 'Purchase orders' },
  { id: 'receiving', label: 'Receiving' },
  { id: 'suppliers', label: 'Suppliers' },
] as const;

/**
 * Purchasing: the autopilot's suggestions to approve, purchase orders, scanner-first receiving and
 * suppliers, under dashboard cards (value on order, late POs, SKUs at risk). Routes:
 * #/purchasing/<tab>[/<id>] — e.g. #/purchasing/orders/12, #/purchasing/receiving/PO-000012.
 */
export function PurchasingScreen({ params, navigate }: ScreenProps) {
  const tab = TABS.some((t) => t.id === params[0]) ? params[0] : 'suggestions';
  const rest = params.slice(1);
  return (
    <div className="screen" data-testid="purchasing-screen">
      <h1>Purchasing</h1>
      <PurchasingCards navigate={navigate} />
      <nav className="tabs">
        {TABS.map((t) => (
          <a key={t.id} href={`#/purchasing/${t.id}`} className={tab === t.id ? 'active' : ''}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'suggestions' && <SuggestionsTab params={rest} navigate={navigate} />}
      {tab === 'orders' && <PurchaseOrdersTab params={rest} navigate={navigate} />}
      {tab === 'receiving' && <ReceivingTab params={rest} navigate={navigate} />}
      {tab === 'suppliers' && <SuppliersTab params={rest} navigate={navigate} />}
    </div>
  );
}
