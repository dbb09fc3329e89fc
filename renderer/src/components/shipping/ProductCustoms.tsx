import { useState } from 'react';
import type { ProductDto } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useToast } from '../Toasts';

/**
 * A product's customs data on its detail page: HS code, country of origin and the customs
 * description international shipments declare (a shipment missing any of them is refused).
 */
export function ProductCustoms({ product, onSaved }: { product: ProductDto; onSaved(): void }) {
  const notify = useToast();
  const [draft, setDraft] = useState<{ hsCode: string; originCountry: string; customsDescription: string } | null>(null);
  if (!draft) {
    return (
      <>
        <dt>Customs</dt>
        <dd data-testid="product-customs">
          HS {product.hsCode ?? '—'} · origin {product.originCountry ?? '—'} · {product.customsDescription ?? 'no customs description'}{' '}
          <button className="secondary" onClick={() => setDraft({ hsCode: product.hsCode ?? '', originCountry: product.originCountry ?? '', customsDescription: product.customsDescription ?? '' })} data-testid="edit-product-customs">
            Edit…
          </button>
        </dd>
      </>
    );
  }
  const field = (key: keyof typeof draft, label: string) => (
    <label className="inline">
      {label}
      <input value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`product-customs-${key}`} />
    </label>
  );
  return (
    <>
      <dt>Customs</dt>
      <dd>
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await call('customs.updateProduct', { sku: product.sku, hsCode: draft.hsCode || null, originCountry: draft.originCountry || null, customsDescription: draft.customsDescription || null });
              notify('success', `Customs data of ${product.sku} saved`);
              setDraft(null);
              onSaved();
            } catch {
              // the shell shows every API error
            }
          }}
        >
          {field('hsCode', 'HS code')}
          {field('originCountry', 'Origin')}
          {field('customsDescription', 'Customs description')}
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      </dd>
    </>
  );
}
