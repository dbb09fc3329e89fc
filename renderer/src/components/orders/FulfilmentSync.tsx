import { useQuery } from '../../hooks';
import { shopTimeOrDateTime, useShopTimeZone } from '../shop-time';

const PLATFORM = { shopify: 'Shopify', woocommerce: 'WooCommerce' } as const;

/** Per shipment of the order: "Fulfilment sent to Shopify 10:04 ✓", or waiting (with why), or refused by the store. */
export function FulfilmentSync({ orderId }: { orderId: number }) {
  const q = useQuery('sync.fulfilments', { orderId }, ['sync.', 'shipping.', 'orders.'], { liveEveryMs: 5000 });
  // The shop's clock, and the date too unless it was sent today.
  const zone = useShopTimeZone();
  const time = (iso: string | null) => (iso ? shopTimeOrDateTime(iso, zone) : '');
  if (!q.data?.length) return null;
  return (
    <ul className="plain fulfilment-sync" data-testid="fulfilment-sync">
      {q.data.map((f) => {
        const store = PLATFORM[f.platform];
        const text =
          f.state === 'sent'
            ? `Fulfilment sent to ${store} ${time(f.sentAt)} ✓`
            : f.state === 'pending'
              ? `Fulfilment waiting to be sent to ${store}${f.error ? ` — ${f.error}` : ''}`
              : f.state === 'failed'
                ? `Fulfilment refused by ${store}: ${f.error ?? 'no reason given'}`
                : f.state === 'cancel_pending'
                  ? `Cancelling the fulfilment at ${store} (shipment voided)${f.error ? ` — ${f.error}` : ''}`
                  : `Fulfilment cancelled at ${store} (shipment voided)`;
        // Pills the console already uses for good/waiting/bad (there is no bare "ok" text style).
        const pill = f.state === 'sent' ? 'pill ok' : f.state === 'failed' ? 'pill bad' : f.state === 'cancelled' ? 'pill' : 'pill warn';
        return (
          <li key={f.shipmentId} data-testid={`fulfilment-sync-${f.shipmentId}`}>
            <span className={pill}>{text}</span> <span className="muted">shipment {f.shipmentId}</span>
          </li>
        );
      })}
    </ul>
  );
}
