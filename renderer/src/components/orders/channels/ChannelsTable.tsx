import type { ChannelDto } from '../../../../../shared/api/orders';
import { hasWebhooks } from './channel-form-model';

/** The station address a storefront must reach; behind a public HTTPS address in production. */
export function webhookUrl(path: string): string {
  const origin = window.shipshape?.transport === 'http' ? window.location.origin : 'http://<this computer>:4870';
  return `${origin}${path}`;
}

const KIND_NAMES: Record<ChannelDto['kind'], string> = { shopify: 'Shopify', woocommerce: 'WooCommerce', csv: 'CSV files', manual: 'Manual entry' };

function SecretHints({ channel }: { channel: ChannelDto }) {
  if (channel.secrets.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {channel.secrets.map((s) => (
        <div key={s.addedAt}>
          {s.hint} {s.retiresAt && <span className="pill warn">valid until {s.retiresAt.slice(0, 16).replace('T', ' ')}</span>}
        </div>
      ))}
    </>
  );
}

/** The sales channels with their webhook address, secrets (hints only), warehouse, promises and feed limits. */
export function ChannelsTable({ channels, onEdit }: { channels: ChannelDto[]; onEdit(c: ChannelDto): void }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Channel</th>
          <th>Webhook address</th>
          <th>Secrets</th>
          <th>Warehouse</th>
          <th>Promise (business days)</th>
          <th title="Stock feed: safety buffer and most exported">Feed buffer / max</th>
          <th>Split</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {channels.map((c) => (
          <tr key={c.id} data-testid={`channel-${c.name}`}>
            <td>
              {c.name}
              <div className="muted">{KIND_NAMES[c.kind]}</div>
            </td>
            <td className="mono wrap" data-testid="webhook-url">
              {hasWebhooks(c.kind) ? webhookUrl(c.webhookPath) : <span className="muted">files / manual</span>}
            </td>
            <td>
              <SecretHints channel={c} />
            </td>
            <td>{c.defaultWarehouse ?? '—'}</td>
            <td>
              {Object.entries(c.promiseRules)
                .map(([k, v]) => `${k === '*' ? 'default' : k}: ${v}`)
                .join(', ')}
            </td>
            <td>
              {c.safetyBuffer} / {c.maxExportQty ?? 'no cap'}
            </td>
            <td>{c.allowSplit ? 'yes' : 'no'}</td>
            <td>
              <button className="secondary" onClick={() => onEdit(c)}>
                Edit
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
