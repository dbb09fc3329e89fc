import { useState } from 'react';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useFormat } from '../ShopFormat';
import { useToast } from '../Toasts';
import { useDebounced } from '../stock/usePagedRows';
import { downloadText } from '../../download';

/**
 * What each storefront should show per SKU: available-to-sell minus the channel's buffer, capped
 * by its max export. Live (recomputed as stock is reserved or released); downloadable as Shopify's
 * inventory CSV.
 */
export function StockFeedPanel() {
  const notify = useToast();
  const channels = useQuery('channels.list', {}, ['channels.']);
  const [picked, setPicked] = useState<number | ''>('');
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 200);
  const channel = picked === '' ? channels.data?.[0]?.id : picked;
  const current = channels.data?.find((c) => c.id === channel);

  const download = async () => {
    if (!channel) return;
    const r = await call('stockFeed.shopifyCsv', { channel });
    downloadText(r.filename, r.csv);
    notify('success', `Downloaded ${r.filename}`);
  };

  if (!channels.data?.length) return null;
  return (
    <div className="panel" data-testid="stock-feed">
      <h2>Channel stock feed</h2>
      <div className="row">
        <select aria-label="Feed channel" value={channel ?? ''} onChange={(e) => setPicked(Number(e.target.value))}>
          {channels.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <input type="search" aria-label="Filter SKUs" placeholder="SKU starts with…" value={text} onChange={(e) => setText(e.target.value)} />
        {current && (
          <span className="muted">
            buffer {current.safetyBuffer}, cap {current.maxExportQty ?? 'none'}
          </span>
        )}
        <span className="spacer" />
        <button className="secondary" onClick={() => void download()} disabled={!channel}>
          Download Shopify inventory CSV
        </button>
      </div>
      <div className="scroll-box">
        <table className="table">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Name</th>
              <th className="num">Available</th>
              <th className="num">Export</th>
            </tr>
          </thead>
          <tbody>
            {channel !== undefined && <FeedRows channel={channel} query={query} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Only mounted once a channel is known, so an empty shop never asks for channel 0's feed. */
function FeedRows({ channel, query }: { channel: number; query: string }) {
  const { count } = useFormat();
  const feed = useQuery('stockFeed.list', { channel, query: query || undefined, limit: 200 }, ['stock.', 'orders.', 'channels.']);
  return (
    <>
      {feed.data?.map((r) => (
        <tr key={r.sku}>
          <td className="mono">{r.sku}</td>
          <td className="ellipsis cell-wide">{r.name}</td>
          <td className="num">{count(r.available)}</td>
          <td className="num">
            <strong>{r.exportQuantity}</strong>
          </td>
        </tr>
      ))}
    </>
  );
}
