import type { ChannelDto, ChannelKind } from '../../../../../shared/api/orders';
import type { MethodInput } from '../../../../../shared/api';

/** The channel form as typed: text fields stay text until saved. */
export interface ChannelForm {
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

export const EMPTY_CHANNEL: ChannelForm = { name: '', kind: 'shopify', secret: '', retireOldAfterHours: '24', defaultWarehouse: '', promiseRules: '* = 5', safetyBuffer: '0', maxExportQty: '', allowSplit: false };

/** The form's fields as their labels read (for errors said next to them). */
export const CHANNEL_LABELS = {
  name: 'Name',
  kind: 'Kind',
  secret: 'Webhook secret',
  retireOldAfterHours: { label: 'Hours the old secret stays valid', whole: true },
  defaultWarehouse: 'Default warehouse',
  promiseRules: 'Promise per shipping method',
  safetyBuffer: { label: 'Safety buffer', whole: true },
  maxExportQty: { label: 'Max export quantity', whole: true },
};

export const hasWebhooks = (kind: ChannelKind) => kind === 'shopify' || kind === 'woocommerce';

export const rulesText = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');

/** "Standard = 5\nExpress = 1\n* = 7" -> { Standard: 5, Express: 1, '*': 7 }; null when a line does not parse. */
export function parseRules(text: string): Record<string, number> | null {
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

/** A saved channel in the form (its secrets are never shown: a new one rotates). */
export const channelToForm = (c: ChannelDto): ChannelForm => ({
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

/** What the text fields must look like before anything is sent: field → plain message. */
export function checkChannelForm(form: ChannelForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!parseRules(form.promiseRules)) errors.promiseRules = 'Write one rule per line, like "Standard = 5" (business days); "*" is the default';
  if (!/^\d+$/.test(form.safetyBuffer.trim())) errors.safetyBuffer = 'Enter a safety buffer of 0 or more (whole units)';
  if (form.maxExportQty.trim() && !/^\d+$/.test(form.maxExportQty.trim())) errors.maxExportQty = 'Enter a whole number, or leave it empty for no cap';
  return errors;
}

/** The form as `channels.upsert` takes it (after checkChannelForm passed). */
export function channelInput(form: ChannelForm): MethodInput<'channels.upsert'> {
  return {
    id: form.id,
    name: form.name,
    kind: form.kind,
    secret: form.secret.trim() || undefined,
    retireOldAfterHours: form.secret.trim() && form.id ? Number(form.retireOldAfterHours) || 0 : undefined,
    defaultWarehouse: form.defaultWarehouse || null,
    promiseRules: parseRules(form.promiseRules) ?? {},
    safetyBuffer: Number(form.safetyBuffer),
    maxExportQty: form.maxExportQty.trim() ? Number(form.maxExportQty) : null,
    allowSplit: form.allowSplit,
  };
}
