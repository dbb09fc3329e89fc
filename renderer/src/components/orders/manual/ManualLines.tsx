import { formatMoney } from '../../../../../shared/units';
import { parseCents } from '../order-format';
import { ProductPicker } from '../ProductPicker';
import { Field } from './Field';
import type { ManualOrder } from './useManualOrder';

/** The order's lines (picked from the catalog, with quantities), shipping and a note. */
export function ManualLines({ form }: { form: ManualOrder }) {
  const { errors, lines, setLines, shippingMethod, setShippingMethod, shipping, setShipping, note, setNote } = form;
  return (
    <fieldset className="panel">
      <legend>Lines</legend>
      <ProductPicker
        label="Add product"
        testId="order-product-picker"
        onPick={(p) =>
          setLines((ls) => {
            const i = ls.findIndex((l) => l.sku === p.sku);
            if (i >= 0) return ls.map((l, j) => (j === i ? { ...l, quantity: String((Number(l.quantity) || 0) + 1) } : l));
            return [...ls, { sku: p.sku, name: p.name, quantity: '1' }];
          })
        }
      />
      {errors.lines && (
        <p className="error field-error" role="alert">
          {errors.lines}
        </p>
      )}
      {lines.length > 0 && (
        <table className="table" data-testid="manual-lines">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Name</th>
              <th className="num">Quantity</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.sku}>
                <td className="mono">{l.sku}</td>
                <td>{l.name}</td>
                <td className="num">
                  <input
                    className="narrow"
                    inputMode="numeric"
                    aria-label={`Quantity of ${l.sku}`}
                    aria-invalid={!!errors[`lines.${i}.quantity`]}
                    value={l.quantity}
                    onChange={(e) => setLines(lines.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))}
                  />
                  {errors[`lines.${i}.quantity`] && <div className="error field-error">{errors[`lines.${i}.quantity`]}</div>}
                </td>
                <td>
                  <button type="button" className="secondary" aria-label={`Remove ${l.sku}`} onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="field-row">
        <Field label="Shipping method" error={errors.shippingMethod}>
          <input value={shippingMethod} onChange={(e) => setShippingMethod(e.target.value)} />
        </Field>
        <Field label="Shipping charged" error={errors.shippingChargedCents}>
          <input className="narrow" inputMode="decimal" value={shipping} onChange={(e) => setShipping(e.target.value)} />
        </Field>
        <span className="muted">{parseCents(shipping) !== null ? formatMoney(parseCents(shipping)!) : ''}</span>
      </div>
      <Field label="Note" error={errors.note}>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </fieldset>
  );
}
