import { useState } from 'react';
import type { ChannelDto, ChannelKind } from '../../../../shared/api/orders';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { fieldErrors } from './order-format';

interface Form {
  id?: number;
  name: string;
  kind: ChannelKind;
  secret: string;
  retireOldAfterHours: string;
  defaultWarehouse: string;
  promiseRules: string;
  safetyBuffer: string;
  maxExportQty: string;
  allowSplit: boolean;
}

const EMPTY: Form = { name: '', kind: 'shopify', secret: '', retireOldAfterHours: '24', defaultWarehouse: '', promiseRules: '* = 5', safetyBuffer: '0', maxExportQty: '', allowSplit: false };

const rulesText = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');

/** "Standard = 5\nExpress = 1\n* = 7" -> { Standard: 5, Express: 1, '*': 7 }; null when a line does not parse. */
function parseRules(text: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.+?)\s*[=:]\s*(\d{1,2})$/.exec(line);
    if (!m) return null;
    out[m[1].trim()] = Number(m[2]);
  }
  return out;
}

/** The station address a storefront must reach; behind a public HTTPS address in production. */
export function webhookUrl(path: string): string {
  const origin = window.shipshape?.transport === 'http' ? window.location.origin : 'http://<this computer>:4870';
  return `${origin}${path}`;
}

/**
 * Sales channels: kind, webhook secret (with a rotation window), default warehouse, delivery
 * promise per shipping method, and the stock feed's buffer and cap. Shows the webhook address to
 * paste into Shopify (Settings → Notifications → Webhooks) or WooCommerce (Settings → Advanced → Webhooks).
 */
export function ChannelsPanel() {
  const notify = useToast();
  const channels = useQuery('channels.list', {}, ['channels.']);
  const warehouses = useQuery('warehouses.list', {}, ['warehouses.']);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<Form>) => form && setForm({ ...form, ...patch });

  const edit = (c: ChannelDto) =>
    setForm({
      id: c.id,
      name: c.name,
      kind: c.kind,
      secret: '',
      retireOldAfterHours: '24',
      defaultWarehouse: c.defaultWarehouse ?? '',
      promiseRules: rulesText(c.promiseRules),
      safetyBuffer: String(c.safetyBuffer),
      maxExportQty: c.maxExportQty === null ? '' : String(c.maxExportQty),
      allowSplit: c.allowSplit,
    });

  const save = async () => {
    if (!form) return;
    const rules = parseRules(form.promiseRules);
    const local: Record<string, string> = {};
    if (!rules) local.promiseRules = 'one rule per line: "Standard = 5" (business days); "*" is the default';
    if (!/^\d+$/.test(form.safetyBuffer.trim())) local.safetyBuffer = 'a whole number ≥ 0';
    if (form.maxExportQty.trim() && !/^\d+$/.test(form.maxExportQty.trim())) local.maxExportQty = 'a whole number, or empty for no cap';
    if (Object.keys(local).length) return setErrors(local);
    try {
      const saved = await call('channels.upsert', {
        id: form.id,
        name: form.name,
        kind: form.kind,
        secret: form.secret.trim() || undefined,
        retireOldAfterHours: form.secret.trim() && form.id ? Number(form.retireOldAfterHours) || 0 : undefined,
        defaultWarehouse: form.defaultWarehouse || null,
        promiseRules: rules!,
        safetyBuffer: Number(form.safetyBuffer),
        maxExportQty: form.maxExportQty.trim() ? Number(form.maxExportQty) : null,
        allowSplit: form.allowSplit,
      });
      notify('success', `Channel ${saved.name} saved`);
      setForm(null);
      setErrors({});
      void channels.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };

  return (
    <div className="panel" data-testid="channels-panel">
      <h2>Sales channels</h2>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Webhook address</th>
            <th>Secrets</th>
            <th>Default warehouse</th>
            <th>Promise (business days)</th>
            <th className="num">Buffer</th>
            <th className="num">Max export</th>
            <th>Split</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {channels.data?.map((c) => (
            <tr key={c.id} data-testid={`channel-${c.name}`}>
              <td>{c.name}</td>
              <td>{c.kind}</td>
              <td className="mono wrap" data-testid="webhook-url">
                {c.kind === 'shopify' || c.kind === 'woocommerce' ? webhookUrl(c.webhookPath) : <span className="muted">files / manual</span>}
              </td>
              <td>
                {c.secrets.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  c.secrets.map((s) => (
                    <div key={s.addedAt}>
                      {s.hint} {s.retiresAt && <span className="pill warn">valid until {s.retiresAt.slice(0, 16).replace('T', ' ')}</span>}
                    </div>
                  ))
                )}
              </td>
              <td>{c.defaultWarehouse ?? '—'}</td>
              <td>
                {Object.entries(c.promiseRules)
                  .map(([k, v]) => `${k === '*' ? 'default' : k}: ${v}`)
                  .join(', ')}
              </td>
              <td className="num">{c.safetyBuffer}</td>
              <td className="num">{c.maxExportQty ?? '—'}</td>
              <td>{c.allowSplit ? 'yes' : 'no'}</td>
              <td>
                <button className="secondary" onClick={() => edit(c)}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!form && (
        <div className="row">
          <button onClick={() => setForm({ ...EMPTY })} data-testid="add-channel">
            Add channel
          </button>
        </div>
      )}
      {form && (
        <form
          className="action-form channel-form"
          data-testid="channel-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Name
            <input value={form.name} onChange={(e) => set({ name: e.target.value })} autoFocus />
            {errors.name && <span className="error">{errors.name}</span>}
          </label>
          <label>
            Kind
            <select value={form.kind} disabled={form.id !== undefined} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
              <option value="shopify">Shopify</option>
              <option value="woocommerce">WooCommerce</option>
              <option value="csv">CSV files</option>
              <option value="manual">Manual entry</option>
            </select>
          </label>
          {(form.kind === 'shopify' || form.kind === 'woocommerce') && (
            <>
              <label>
                {form.id ? 'New webhook secret (rotates)' : 'Webhook secret'}
                <input type="password" autoComplete="off" value={form.secret} onChange={(e) => set({ secret: e.target.value })} placeholder={form.kind === 'shopify' ? "the app's client secret" : 'the webhook secret'} />
                {errors.secret && <span className="error">{errors.secret}</span>}
              </label>
              {form.id !== undefined && form.secret && (
                <label>
                  Old secret valid for (hours)
                  <input className="narrow" value={form.retireOldAfterHours} onChange={(e) => set({ retireOldAfterHours: e.target.value })} />
                </label>
              )}
            </>
          )}
          <label>
            Default warehouse
            <select value={form.defaultWarehouse} onChange={(e) => set({ defaultWarehouse: e.target.value })}>
              <option value="">None (nearest wins)</option>
              {warehouses.data?.map((w) => (
                <option key={w.code} value={w.code}>
                  {w.code} — {w.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Promise per shipping method (business days)
            <textarea rows={3} value={form.promiseRules} onChange={(e) => set({ promiseRules: e.target.value })} />
            {errors.promiseRules && <span className="error">{errors.promiseRules}</span>}
          </label>
          <label>
            Safety buffer
            <input className="narrow" value={form.safetyBuffer} onChange={(e) => set({ safetyBuffer: e.target.value })} />
            {errors.safetyBuffer && <span className="error">{errors.safetyBuffer}</span>}
          </label>
          <label>
            Max export quantity
            <input className="narrow" value={form.maxExportQty} placeholder="no cap" onChange={(e) => set({ maxExportQty: e.target.value })} />
            {errors.maxExportQty && <span className="error">{errors.maxExportQty}</span>}
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.allowSplit} onChange={(e) => set({ allowSplit: e.target.checked })} /> Allow split shipments
          </label>
          <div className="row">
            <button type="submit">Save channel</button>
            <button type="button" className="secondary" onClick={() => (setForm(null), setErrors({}))}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <p className="muted">
        Shopify signs each webhook with your app's secret (X-Shopify-Hmac-Sha256); WooCommerce with the webhook's secret (X-WC-Webhook-Signature). When you rotate a
        secret, the old one keeps working for the hours you choose so no delivery is lost. The address must be reachable from the internet (for example through a
        tunnel or reverse proxy to this station).
      </p>
    </div>
  );
}
