import { useState } from 'react';
import type { ChannelSyncStatusDto } from '../../../../shared/api/channels-sync';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { shopDateTime, useShopTimeZone } from '../shop-time';
import { useToast } from '../Toasts';
import { fieldErrors } from './order-format';
import { UnmappedProducts } from './UnmappedProducts';

const whenIn = (zone: string | undefined) => (iso: string | null) => (iso ? shopDateTime(iso, zone) : 'never');
const PLATFORM_NAME: Record<string, string> = { shopify: 'Shopify', woocommerce: 'WooCommerce' };
const errorText = (err: unknown) => (err as { message?: string }).message ?? String(err);

/** The connect form of one channel: Shopify takes the shop domain and an access token, WooCommerce a store URL and a key/secret. */
function ConnectForm({ channel, onDone }: { channel: ChannelSyncStatusDto; onDone: () => void }) {
  const notify = useToast();
  const [url, setUrl] = useState(channel.url ?? '');
  const [token, setToken] = useState('');
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const shopify = channel.kind === 'shopify';
  const connect = async () => {
    setBusy(true);
    try {
      const result = await call('channels.connect', shopify ? { channel: channel.channelId, url, token } : { channel: channel.channelId, url, key, secret });
      notify('success', `${channel.channel} connected to ${result.shop}`);
      setErrors({});
      onDone();
    } catch (err) {
      // Schema problems name their path; the store's own refusals (bad token, missing scope) name a field.
      const e = err as { message?: string; details?: { field?: string } };
      const byPath = fieldErrors(err);
      setErrors(Object.keys(byPath).length ? byPath : { [e.details?.field ?? '_']: e.message ?? String(err) });
    } finally {
      setBusy(false);
    }
  };
  const field = (name: string, label: string, value: string, set: (v: string) => void, secretField = false) => (
    <label className="field">
      {label}
      <input autoFocus={name === 'url'} type={secretField ? 'password' : 'text'} autoComplete="off" value={value} onChange={(e) => set(e.target.value)} data-testid={`connect-${name}`} />
      {errors[name] && <span className="error field-error">{errors[name]}</span>}
    </label>
  );
  return (
    <form
      className="action-form"
      data-testid={`connect-form-${channel.channel}`}
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      {field('url', shopify ? 'Shop domain (my-shop.myshopify.com)' : 'Store URL (https://…)', url, setUrl)}
      {shopify ? field('token', 'Admin API access token', token, setToken, true) : (
        <>
          {field('key', 'Consumer key (ck_…)', key, setKey, true)}
          {field('secret', 'Consumer secret (cs_…)', secret, setSecret, true)}
        </>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
      {errors._ && <span className="error field-error">{errors._}</span>}
    </form>
  );
}

/**
 * Settings → Store connections: per Shopify/WooCommerce channel, the link to its store's API —
 * connect, where the credentials are kept, what was pulled and sent, the backlog, the last error in
 * plain words, "Retry now" and "Sync now", and which warehouse each store location shows.
 */
export function StoreConnectionsPanel() {
  const notify = useToast();
  const status = useQuery('sync.status', {}, ['sync.', 'channels.'], { liveEveryMs: 5000 });
  const warehouses = useQuery('warehouses.list', {});
  const [connecting, setConnecting] = useState<number | null>(null);
  const [running, setRunning] = useState<number | null>(null);
  const when = whenIn(useShopTimeZone());

  const syncNow = async (c: ChannelSyncStatusDto) => {
    setRunning(c.channelId);
    try {
      const run = await call('sync.run', { channel: c.channelId });
      const r = run.channels[0];
      if (r?.error) notify('error', `${c.channel}: ${r.error}`);
      else if (r) notify('success', `${c.channel}: pulled ${r.pull?.pulled ?? 0} orders (${r.pull?.created ?? 0} new); sent ${r.sent.fulfilments} fulfilments and ${r.sent.stock} stock figures`);
    } finally {
      setRunning(null);
      void status.reload();
    }
  };
  const retry = async (c: ChannelSyncStatusDto) => {
    try {
      const { retried } = await call('sync.retry', { channel: c.channelId });
      notify('success', retried === 0 ? `${c.channel}: nothing was waiting` : `${c.channel}: ${retried} waiting changes will be sent now`);
    } catch (err) {
      notify('error', `${c.channel}: ${errorText(err)}`);
    }
    void status.reload();
  };
  const mapLocation = async (c: ChannelSyncStatusDto, id: string, warehouse: string) => {
    try {
      await call('channels.mapLocations', { channel: c.channelId, locations: [{ id, warehouse: warehouse || null }] });
      const location = c.locations.find((l) => l.id === id)?.name ?? id;
      const shown = warehouses.data?.find((w) => w.code === warehouse)?.name;
      notify('success', shown ? `${location} now shows the stock of ${shown}` : `Shipshape now leaves ${location}'s stock alone`);
    } catch (err) {
      notify('error', `${c.channel}: ${errorText(err)}`);
    }
    void status.reload();
  };
  // Shown ticked/unticked at once while the save is under way (the status answer follows).
  const [notifySaving, setNotifySaving] = useState<Record<number, boolean>>({});
  // Saved at once: it applies to the next shipment, no reconnect needed.
  const setNotify = async (c: ChannelSyncStatusDto, notifyCustomer: boolean) => {
    setNotifySaving((m) => ({ ...m, [c.channelId]: notifyCustomer }));
    try {
      await call('channels.updateSync', { channelId: c.channelId, notifyCustomer });
      notify('success', notifyCustomer ? `${c.channel}: customers will be told when their order ships` : `${c.channel}: customers will no longer be told when their order ships`);
    } catch (err) {
      notify('error', `${c.channel}: ${errorText(err)}`);
    }
    await status.reload();
    setNotifySaving(({ [c.channelId]: _done, ...rest }) => rest);
  };

  return (
    <div className="panel" data-testid="store-connections-panel">
      <h2>Store connections</h2>
      <p className="muted">
        Orders arrive as soon as the store sends them; every {status.data?.pullIntervalMinutes ?? 5} minutes Shipshape also asks the store for any it missed. Each shipment's tracking number and every stock change are sent back to the store.
      </p>
      {status.data?.channels.length === 0 && <p className="muted">No Shopify or WooCommerce channel yet (add one under Sales channels).</p>}
      {status.data?.channels.map((c) => (
        <section key={c.channelId} className="store-card" data-testid={`store-${c.channel}`}>
          <h3>
            {c.channel}{' '}
            {!c.channel.toLowerCase().includes((PLATFORM_NAME[c.kind] ?? c.kind).toLowerCase()) && <span className="muted">({PLATFORM_NAME[c.kind] ?? c.kind}) </span>}
            {c.simulated && (
              <span className="pill warn" data-testid="simulated">
                SIMULATED store — not a real shop
              </span>
            )}
          </h3>
          <div data-testid="connection-status">
            {c.status === 'connected' && <span className="pill ok">connected</span>}
            {c.status === 'needs_attention' && <span className="pill bad">needs attention</span>}
            {(c.status === 'not_connected' || c.status === 'disconnected') && <span className="pill">not connected</span>}
            {c.shop && <> to <strong>{c.shop}</strong></>}
          </div>
          {c.lastError && (
            <p className="error" data-testid="last-error">
              {c.lastError}
            </p>
          )}
          {c.status !== 'not_connected' && c.status !== 'disconnected' && (
            <dl className="facts">
              <dt>Credentials</dt>
              <dd data-testid="credential-note">
                …{c.credentialHint} — {c.credentialNote}
              </dd>
              <dt>Last checked for orders</dt>
              <dd data-testid="last-pull">{when(c.lastPullAt)}</dd>
              {/* The outbox in plain words: what Shipshape still has to tell the store (it retries by itself). */}
              <dt>Waiting to be sent</dt>
              <dd data-testid="backlog">
                {c.backlog.pending === 0
                  ? '0 changes — every shipment and stock change has reached the store'
                  : `${c.backlog.pending} change${c.backlog.pending === 1 ? '' : 's'} (tracking numbers, stock figures) not yet accepted by the store, the oldest since ${when(c.backlog.oldestPendingAt)} — sent automatically, with retries`}
                {c.backlog.dead > 0 && (
                  <>
                    {' '}
                    <span className="pill bad">{c.backlog.dead} refused by the store for good</span>
                  </>
                )}
              </dd>
              <dt>Last sent</dt>
              <dd>{when(c.lastSentAt)}</dd>
            </dl>
          )}
          {c.status !== 'not_connected' && c.status !== 'disconnected' && (
            <label className="inline" title={c.kind === 'woocommerce' ? 'The tracking note is a customer note (WooCommerce e-mails it)' : 'Shopify e-mails the customer the shipping confirmation'}>
              <input type="checkbox" checked={notifySaving[c.channelId] ?? c.notifyCustomer} onChange={(e) => void setNotify(c, e.target.checked)} data-testid="notify-customer" /> Tell the customer when their order ships
            </label>
          )}
          {c.deadRows.length > 0 && (
            <details data-testid="dead-rows">
              <summary>Changes the store refused (not retried)</summary>
              <ul className="plain">
                {c.deadRows.map((d) => (
                  <li key={d.id}>
                    {when(d.at)} · {d.kind} {d.key}: <span className="error">{d.error ?? 'no reason given'}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {/* WooCommerce keeps one count per product: it gets all warehouses together (stock-targets.ts), so there is nothing to map. */}
          {c.kind === 'woocommerce' && c.status !== 'not_connected' && c.status !== 'disconnected' && (
            <p className="muted" data-testid="woocommerce-stock-note">
              WooCommerce keeps one stock count per product: it is sent the available-to-sell of all your warehouses together, minus this channel's buffer.
            </p>
          )}
          {c.kind !== 'woocommerce' && c.locations.length === 1 && (
            <p className="muted" data-testid="one-location-stock-note">
              This store has one location: it sells from wherever Shipshape ships, so it is sent the available-to-sell of all your warehouses together (choose "none" to leave its stock alone).
            </p>
          )}
          {c.kind !== 'woocommerce' && c.locations.length > 1 && (
            <p className="muted">Each store location shows the available-to-sell of the warehouse chosen for it.</p>
          )}
          {c.kind !== 'woocommerce' && c.locations.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th>Store location</th>
                  <th>Shows the stock of</th>
                </tr>
              </thead>
              <tbody>
                {c.locations.map((l) => (
                  <tr key={l.id}>
                    <td>{l.name}</td>
                    <td>
                      <select value={l.warehouse ?? ''} onChange={(e) => void mapLocation(c, l.id, e.target.value)} data-testid={`location-${l.name}`}>
                        <option value="">(none — Shipshape leaves this location's stock alone)</option>
                        {warehouses.data?.map((w) => (
                          <option key={w.code} value={w.code}>
                            {w.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row">
            {(c.status === 'connected' || c.status === 'needs_attention') && (
              <>
                <button disabled={running === c.channelId} onClick={() => void syncNow(c)} data-testid="sync-now">
                  {running === c.channelId ? 'Syncing…' : 'Sync now'}
                </button>
                <button onClick={() => void retry(c)} data-testid="retry-now">
                  Retry now
                </button>
              </>
            )}
            <button onClick={() => setConnecting(connecting === c.channelId ? null : c.channelId)} data-testid="show-connect">
              {c.status === 'not_connected' || c.status === 'disconnected' ? 'Connect…' : 'Reconnect…'}
            </button>
          </div>
          {connecting === c.channelId && (
            <ConnectForm
              channel={c}
              onDone={() => {
                setConnecting(null);
                void status.reload();
              }}
            />
          )}
          <UnmappedProducts channel={c} />
        </section>
      ))}
    </div>
  );
}
