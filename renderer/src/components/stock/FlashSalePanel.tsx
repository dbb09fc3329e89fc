import { useState } from 'react';
import type { FlashSaleDto } from '../../../../shared/api/channels-flash-sale';
import { formatCount } from '../../../../shared/money';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { shopDateTime, useShopTimeZone } from '../shop-time';

/** "Flash-sale mode: Shopify 40 (12 sold) · WooCommerce 35 (20 sold) · unassigned 5" */
export function quotaSummary(f: FlashSaleDto): string {
  const n = (x: number) => formatCount(x);
  const parts = f.channels.map((c) => `${c.channel} ${n(c.quota)} (${n(c.sold)} sold)${c.confirmed ? '' : ' …'}`);
  parts.push(`unassigned ${n(f.unassigned)}`);
  return `Flash-sale mode: ${parts.join(' · ')}`;
}

/**
 * A product's flash-sale rule on its detail page: whether each connected channel sells from its own
 * quota (so two storefronts cannot both sell the last unit), the quotas and what each sold, and the
 * owner's switch to mark the SKU as a drop.
 */
export function FlashSalePanel({ productId, sku }: { productId: number; sku: string }) {
  const flash = useQuery('flashSale.detail', { productId }, ['stock.', 'sync.', 'flashSale.', 'orders.'], { liveEveryMs: 1000 });
  const [busy, setBusy] = useState(false);
  const zone = useShopTimeZone();
  const [error, setError] = useState<string | null>(null);
  const f = flash.data;
  if (!f) return null;
  const toggle = async (drop: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await call('flashSale.markDrop', { sku, drop });
      await flash.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid="flash-sale">
      <h2>Flash-sale mode</h2>
      {f.mode ? (
        <>
          <p data-testid="flash-sale-summary">{quotaSummary(f)}</p>
          <p className="muted">
            {f.mode === 'owner' ? 'Marked as a drop' : 'On by itself: little stock left for the recent sales rate'} since {shopDateTime(f.since!, zone)}. Each storefront shows
            only its own quota, and the quotas never add up to more than the {formatCount(f.available)} available, so nothing is oversold; a channel that stops selling
            gives its units to one that still sells. “…” marks a figure still on its way to the store.
          </p>
        </>
      ) : (
        <p className="muted" data-testid="flash-sale-summary">
          Off: every storefront is shown the same available figure. Mark a drop (a limited release, a sale expected to sell out) to give each channel its own
          quota instead; it also turns on by itself when stock runs low for the recent sales rate.
        </p>
      )}
      <div className="row">
        {f.mode !== 'owner' ? (
          <button className="secondary" disabled={busy} onClick={() => void toggle(true)} data-testid="flash-sale-mark">
            Mark as a drop
          </button>
        ) : (
          <button className="secondary" disabled={busy} onClick={() => void toggle(false)} data-testid="flash-sale-unmark">
            End the drop
          </button>
        )}
        {error && <span className="error">{error}</span>}
      </div>
    </div>
  );
}
