import { useState } from 'react';
import { useQuery } from '../../hooks';
import { ChannelForm } from './channels/ChannelForm';
import { channelToForm, EMPTY_CHANNEL, type ChannelForm as Form } from './channels/channel-form-model';
import { ChannelsTable } from './channels/ChannelsTable';

export { webhookUrl } from './channels/ChannelsTable';

/**
 * Sales channels: kind, webhook secret (with a rotation window), default warehouse, delivery
 * promise per shipping method, and the stock feed's buffer and cap. Shows the webhook address to
 * paste into Shopify (Settings → Notifications → Webhooks) or WooCommerce (Settings → Advanced → Webhooks).
 */
export function ChannelsPanel() {
  const channels = useQuery('channels.list', {}, ['channels.']);
  const [editing, setEditing] = useState<Form | null>(null);
  return (
    <div className="panel" data-testid="channels-panel">
      <h2>Sales channels</h2>
      <ChannelsTable channels={channels.data ?? []} onEdit={(c) => setEditing(channelToForm(c))} />
      {editing ? (
        <ChannelForm
          key={editing.id ?? 'new'}
          initial={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void channels.reload();
          }}
        />
      ) : (
        <div className="row">
          <button onClick={() => setEditing({ ...EMPTY_CHANNEL })} data-testid="add-channel">
            Add channel
          </button>
        </div>
      )}
      <p className="muted">
        Shopify signs each webhook with your app's secret (X-Shopify-Hmac-Sha256); WooCommerce with the webhook's secret (X-WC-Webhook-Signature). When you rotate a
        secret, the old one keeps working for the hours you choose so no delivery is lost. The address must be reachable from the internet (for example through a
        tunnel or reverse proxy to this station).
      </p>
    </div>
  );
}
