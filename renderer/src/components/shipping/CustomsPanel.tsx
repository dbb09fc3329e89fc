import { useState } from 'react';
import { CONTENTS_TYPES, INCOTERMS, type CustomsDocumentKind } from '../../../../shared/api/customs';
import type { OrderStatus } from '../../../../shared/api/orders';
import { formatMoney } from '../../../../shared/units';
import { ApiError, call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { formatCount } from '../../../../shared/money';

const DOCUMENT_NAMES: Record<CustomsDocumentKind, string> = { cn22: 'CN22', cn23: 'CN23', commercial_invoice: 'Commercial invoice' };
const NOT_YET_SHIPPED: OrderStatus[] = ['new', 'allocated', 'backordered', 'picking', 'packed', 'on_hold', 'partially_shipped'];

/**
 * The customs form an international order will ship with, before it ships: the form (CN22 or
 * CN23), each line as declared (description, HS code, origin, value in the order's currency), the
 * sender's numbers, and the PDFs to open — or, when data is missing, each product and field to fix
 * (shipping is refused until then).
 */
export function CustomsPanel({ orderId, status }: { orderId: number; status: OrderStatus }) {
  const preview = useQuery('customs.preview', { orderId }, ['orders.', 'shipping.config']);
  const notify = useToast();
  const [opening, setOpening] = useState<CustomsDocumentKind | null>(null);
  const p = preview.data;
  if (!p || !p.required || !NOT_YET_SHIPPED.includes(status)) return null;

  async function choose(change: { contentsType?: (typeof CONTENTS_TYPES)[number]; incoterm?: (typeof INCOTERMS)[number] }) {
    try {
      await call('customs.setChoice', { orderId, ...change });
      await preview.reload();
    } catch {
      // the shell shows every API error
    }
  }

  async function open(kind: CustomsDocumentKind) {
    setOpening(kind);
    try {
      const doc = await call('customs.document', { orderId, kind });
      const bytes = Uint8Array.from(atob(doc.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: doc.contentType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = doc.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      // An API error is already a toast (the shell shows them all); only a failure here needs saying.
      if (!(error instanceof ApiError)) notify('error', `Could not open the ${DOCUMENT_NAMES[kind]}: ${(error as Error).message}`);
    } finally {
      setOpening(null);
    }
  }

  return (
    <div className="panel" data-testid="customs-panel">
      <h2>
        Customs <span className="pill" data-testid="customs-form">{p.form}</span>
      </h2>
      <div className="row">
        <label className="inline">
          Contents
          <select value={p.contentsType} onChange={(e) => void choose({ contentsType: e.target.value as (typeof CONTENTS_TYPES)[number] })} data-testid="customs-contents-type">
            {CONTENTS_TYPES.map((c) => (
              <option key={c} value={c}>
                {c.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="inline" title="Who pays import duty and taxes: DDU/DAP the recipient, DDP the shop">
          Incoterm
          <select value={p.incoterm} onChange={(e) => void choose({ incoterm: e.target.value as (typeof INCOTERMS)[number] })} data-testid="customs-incoterm">
            {INCOTERMS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!p.ok ? (
        <div className="callout hold-callout" data-testid="customs-problems">
          <strong>Customs data missing — this order cannot ship until it is fixed:</strong>
          <ul className="plain">
            {p.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          {p.products
            .filter((product) => p.problems.some((problem) => problem.startsWith(`SKU ${product.sku}:`)))
            .map((product) => (
              <ProductCustomsForm key={product.sku} product={product} onSaved={() => void preview.reload()} />
            ))}
        </div>
      ) : (
        <>
          <p className="muted">
            {p.contentsType.replace('_', ' ')} · {p.incoterm} · total {formatMoney(p.totalValueCents, p.currency)}
            {p.taxIds.map((t) => ` · ${t.type} ${t.number}`).join('')}
          </p>
          <table className="table" data-testid="customs-items">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Description</th>
                <th>HS code</th>
                <th>Origin</th>
                <th className="num">Qty</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr key={i.sku}>
                  <td className="mono">{i.sku}</td>
                  <td>{i.description}</td>
                  <td className="mono">{i.hsCode}</td>
                  <td>{i.originCountry}</td>
                  <td className="num">{formatCount(i.quantity)}</td>
                  <td className="num">{formatMoney(i.valueCents, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            {p.documents.map((kind) => (
              <button key={kind} className="secondary" disabled={opening !== null} onClick={() => void open(kind)} data-testid={`customs-open-${kind}`}>
                {DOCUMENT_NAMES[kind]} (PDF)
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

type ProductCustoms = { sku: string; name: string; hsCode: string | null; originCountry: string | null; customsDescription: string | null };
type CustomsField = 'hsCode' | 'originCountry' | 'customsDescription';

const FIELD_LABELS: Record<CustomsField, string> = { hsCode: 'HS code', originCountry: 'Origin', customsDescription: 'Customs description' };
const FIELD_HINTS: Record<CustomsField, string> = { hsCode: '6–10 digits, e.g. 3406.00', originCountry: '2 letters, e.g. US', customsDescription: 'e.g. scented candle' };

/** A refused save in the form's own words: "Origin: use a 2-letter country code", not the API's field path. */
function saveError(e: unknown): string {
  const issues = e instanceof ApiError ? (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues : undefined;
  if (issues?.length) return issues.map((i) => `${FIELD_LABELS[i.path as CustomsField] ?? i.path}: ${i.message}`).join('; ');
  return (e as Error).message;
}

/** Fixes one product's customs data on the spot (the catalog is updated; every order with it benefits). */
function ProductCustomsForm({ product, onSaved }: { product: ProductCustoms; onSaved(): void }) {
  const notify = useToast();
  const [draft, setDraft] = useState(product);
  const [error, setError] = useState<string | null>(null);
  const field = (key: CustomsField) => (
    <label className="inline">
      {FIELD_LABELS[key]}
      <input value={draft[key] ?? ''} placeholder={FIELD_HINTS[key]} size={key === 'customsDescription' ? 22 : 14} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`customs-${product.sku}-${key}`} />
    </label>
  );
  return (
    <form
      className="row"
      data-testid={`customs-fix-${product.sku}`}
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await call('customs.updateProduct', { sku: product.sku, hsCode: draft.hsCode || null, originCountry: draft.originCountry || null, customsDescription: draft.customsDescription || null });
          notify('success', `Customs data of ${product.sku} saved`);
          setError(null);
          onSaved();
        } catch (err) {
          setError(saveError(err)); // shown next to the fields too: the toast goes away
        }
      }}
    >
      <strong className="mono">{product.sku}</strong>
      {field('hsCode')}
      {field('originCountry')}
      {field('customsDescription')}
      <button type="submit" data-testid={`customs-save-${product.sku}`}>
        Save
      </button>
      {error && (
        <span className="field-error error" role="alert" data-testid={`customs-error-${product.sku}`}>
          {error}
        </span>
      )}
    </form>
  );
}
