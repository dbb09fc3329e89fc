import { ManualLines } from './manual/ManualLines';
import { ManualParties } from './manual/ManualParties';
import { useManualOrder } from './manual/useManualOrder';

/**
 * Enter an order by hand (phone orders, a market stall, a wholesale email): customer, ship-to,
 * lines picked from the catalog with quantities, shipping. The server validates; every problem is
 * shown next to its field.
 */
export function ManualOrderForm({ navigate }: { navigate(path: string): void }) {
  const form = useManualOrder(navigate);
  return (
    <form
      className="manual-order"
      data-testid="manual-order-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void form.submit();
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
      <ManualParties form={form} />
      <ManualLines form={form} />
      <div className="row">
        <button type="submit" disabled={form.busy} data-testid="create-order">
          Create order
        </button>
        <button type="button" className="secondary" onClick={() => navigate('orders')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
