import { useState } from 'react';
import type { ChannelSyncStatusDto, UnmappedProductDto } from '../../../../shared/api/channels-sync';
import type { ProductHit } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { ProductPicker } from './ProductPicker';

/**
 * Settings → Store connections, per channel: "Products to map" — store products that match
 * nothing in our catalog (above all WooCommerce products without a SKU) and held order lines —
 * each mapped once to one of our products (search by SKU or name, then "Map"): the orders waiting
 * for it are released, later ones go straight through, and its stock is pushed to it. Below, the
 * remembered mappings, each with "Unmap".
 *
 * The list reads the store's product catalogue, so it reloads on sync changes and on "Refresh",
 * not on every incoming order.
 */
export function UnmappedProducts({ channel }: { channel: ChannelSyncStatusDto }) {
  const notify = useToast();
  const unmapped = useQuery('channels.unmappedProducts', { channel: channel.channelId }, ['sync.']);
  const mapped = useQuery('channels.mappedProducts', { channel: channel.channelId }, ['sync.', 'catalog.']);
  const [chosen, setChosen] = useState<Record<string, ProductHit>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const reload = () => {
    void unmapped.reload();
    void mapped.reload();
  };
  const map = async (item: UnmappedProductDto) => {
    const product = chosen[item.externalId];
    if (!product) return;
    setBusy(item.externalId);
    try {
      const result = await call('channels.mapProduct', { channel: channel.channelId, externalId: item.externalId, sku: product.sku });
      notify('success', `${item.name} is now ${product.sku}${result.released > 0 ? `; ${result.released} held order${result.released === 1 ? '' : 's'} released` : ''}`);
      setChosen(({ [item.externalId]: _done, ...rest }) => rest);
      reload();
    } catch {
      // the toast says why
    } finally {
      setBusy(null);
    }
  };
  const unmap = async (externalId: string) => {
    try {
      await call('channels.unmapProduct', { channel: channel.channelId, externalId });
      notify('success', `${externalId} is no longer mapped; its next orders are held`);
      reload();
    } catch {
      // the toast says why
    }
  };

  // A product just mapped leaves the list at once, even when re-reading the store's list fails (a
  // throttled store keeps the last list): it must not show as both "to map" and mapped.
  const mappedIds = new Set(mapped.data?.map((m) => m.externalId));
  const toMap = unmapped.data?.filter((u) => !mappedIds.has(u.externalId));
  // Not connected: the store's list cannot be read, but held lines can still be mapped; nothing to show, nothing shown.
  if (channel.status !== 'connected' && !toMap?.length && !mapped.data?.length) return null;
  return (
    <div className="product-mapping" data-testid={`product-mapping-${channel.channel}`}>
      <h4>
        Products to map{' '}
        <button className="link" onClick={reload} data-testid="refresh-unmapped">
          Refresh
        </button>
      </h4>
      {unmapped.error && <p className="error">{unmapped.error}</p>}
      {toMap?.length === 0 && <p className="muted">Every store product and order line matches a product of ours.</p>}
      {toMap && toMap.length > 0 && (
        <table className="table" data-testid="unmapped-products">
          <thead>
            <tr>
              <th>Store product</th>
              <th>Store SKU</th>
              <th>Held orders</th>
              <th>Our product</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {toMap.map((u) => (
              <tr key={u.externalId} data-testid={`unmapped-${u.externalId}`}>
                <td>
                  {u.name} <span className="muted mono">{u.externalId}</span>
                </td>
                <td className="mono">{u.sku ?? <span className="muted">none</span>}</td>
                <td>{u.heldOrders > 0 ? <span className="pill warn">{u.heldOrders}</span> : 0}</td>
                <td>
                  {chosen[u.externalId] ? (
                    <span data-testid="chosen-product">
                      <span className="mono">{chosen[u.externalId].sku}</span> {chosen[u.externalId].name}{' '}
                      <button className="link" onClick={() => setChosen(({ [u.externalId]: _gone, ...rest }) => rest)}>
                        change
                      </button>
                    </span>
                  ) : (
                    <ProductPicker label={`Our product for ${u.name}`} testId={`map-picker-${u.externalId}`} onPick={(p) => setChosen((c) => ({ ...c, [u.externalId]: p }))} />
                  )}
                </td>
                <td>
                  <button className="primary" disabled={!chosen[u.externalId] || busy === u.externalId} onClick={() => void map(u)} data-testid="map-product">
                    Map
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mapped.data && mapped.data.length > 0 && (
        <table className="table" data-testid="mapped-products">
          <thead>
            <tr>
              <th>Mapped store product</th>
              <th>Our product</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mapped.data.map((m) => (
              <tr key={m.externalId} data-testid={`mapped-${m.externalId}`}>
                <td>
                  {m.storeName ?? m.externalId} <span className="muted mono">{m.externalId}</span>
                </td>
                <td>
                  <span className="mono">{m.sku}</span> {m.productName}
                </td>
                <td>
                  <button onClick={() => void unmap(m.externalId)} data-testid="unmap-product">
                    Unmap
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
