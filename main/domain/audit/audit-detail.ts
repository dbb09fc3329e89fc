/**
 * What the audit log keeps of a call's input: secrets masked, long values cut, at most 2 KB of JSON,
 * and a short target ("sku=ABC-1") for the viewer. Pure functions over plain data.
 */

/** Field names that hold secrets whatever the method (channel webhook secrets, API keys, tokens). */
export const SECRET_FIELD = /secret|token|password|passphrase|api_?key|private_?key|credential|authorization|signature/i;

export const MAX_DETAIL_BYTES = 2048;
const MAX_STRING = 200;
const MAX_ITEMS = 10;
const MAX_DEPTH = 4;
/** Shorter secrets show nothing: four characters of an 8-character secret would be half of it. */
const MIN_SECRET_FOR_HINT = 12;

/** `••••` plus, for a long secret, its last 4 characters (enough to tell which key it was). */
export function maskSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return text.length >= MIN_SECRET_FOR_HINT ? `••••${text.slice(-4)}` : '••••';
}

export interface AuditDetail {
  /** The JSON to store (valid JSON, at most MAX_DETAIL_BYTES bytes). */
  json: string;
  /** Whether a secret was present (and masked): a settings change that set one is a secrets change. */
  hadSecret: boolean;
}

/**
 * The input as the audit log keeps it. Works on anything (also a refused call's unvalidated input)
 * in time bounded by the caps, not by the input's size: a 50 MB CSV costs a 200-character slice.
 */
export function auditDetail(input: unknown, extraSecretFields: readonly string[] = []): AuditDetail {
  const state = { hadSecret: false };
  const isSecret = (key: string) => SECRET_FIELD.test(key) || extraSecretFields.includes(key);
  const summarise = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
    if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
    if (depth >= MAX_DEPTH) return '…';
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => summarise(v, depth + 1));
      if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
      return items;
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [key, v] of Object.entries(value)) {
      if (n++ >= 50) {
        out['…'] = 'more fields';
        break;
      }
      if (isSecret(key) && v !== undefined && v !== null && v !== '') {
        state.hadSecret = true;
        out[key] = maskSecret(v);
      } else out[key] = summarise(v, depth + 1);
    }
    return out;
  };
  const json = JSON.stringify(summarise(input, 0)) ?? 'null';
  return { json: fitBytes(json), hadSecret: state.hadSecret };
}

/** Keeps JSON within the cap: too long, it becomes `{"truncated":true,"preview":"<start of it>"}`. */
function fitBytes(json: string): string {
  if (Buffer.byteLength(json) <= MAX_DETAIL_BYTES) return json;
  let keep = MAX_DETAIL_BYTES - 64;
  for (;;) {
    const wrapped = JSON.stringify({ truncated: true, preview: json.slice(0, keep) });
    if (Buffer.byteLength(wrapped) <= MAX_DETAIL_BYTES) return wrapped;
    keep -= 128;
  }
}

/** Input fields that name the thing changed, strongest first. */
const INPUT_TARGETS = ['sku', 'orderId', 'shipmentId', 'sessionId', 'batchId', 'taskId', 'rmaId', 'id', 'code'];
/** Fields of the result that name it (a created order's number, a product's SKU). */
const OUTPUT_TARGETS = ['sku', 'number', 'id'];
/** Weaker hints, used only when neither of the above names the thing. */
const FALLBACK_TARGETS = ['name', 'carrier', 'service', 'warehouse', 'printer', 'scale', 'station', 'channel', 'period', 'from'];

/** What a call changed, as `field=value` (e.g. `sku=ABC-1`, `id=12`); null when nothing names it. */
export function auditTarget(input: unknown, output: unknown, extraSecretFields: readonly string[] = []): string | null {
  const pick = (source: unknown, keys: string[]): string | null => {
    if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
    for (const key of keys) {
      if (SECRET_FIELD.test(key) || extraSecretFields.includes(key)) continue;
      const value = (source as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') return `${key}=${String(value).slice(0, 100)}`;
    }
    return null;
  };
  return pick(input, INPUT_TARGETS) ?? pick(output, OUTPUT_TARGETS) ?? pick(input, FALLBACK_TARGETS) ?? pick(output, ['name']);
}
