import { useState } from 'react';
import type { SupplierDto } from '../../../../shared/api/purchasing';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { centsToDecimal, decimalToCents } from './format';
import type { PurchasingTabProps } from './types';

/** Suppliers (#/purchasing/suppliers[/<id>]): details, lead times promised and observed, and what each sells us. */
export function SuppliersTab({ params, navigate }: PurchasingTabProps) {
  const suppliers = useQuery('suppliers.list', { includeInactive: true }, ['purchasing.']);
  const selectedId = params[0] ? Number(params[0]) : null;
  const selected = suppliers.data?.find((s) => s.id === selectedId) ?? null;
  return (
    <div className="grid-side" style={{ gridTemplateColumns: 'minmax(380px, 1fr) 2fr' }} data-testid="suppliers-tab">
      {/* min-width 0: a long supplier name scrolls inside this column instead of running under the detail */}
      <div style={{ minWidth: 0, overflowX: 'auto' }}>
        <table className="table" data-testid="supplier-list">
          <thead>
            <tr>
              <th>Supplier</th>
              <th>Lead time</th>
              <th className="num">Items</th>
            </tr>
          </thead>
          <tbody>
            {(suppliers.data ?? []).map((s) => (
              <tr key={s.id} className={s.id === selectedId ? 'selected' : ''} onClick={() => navigate(`/purchasing/suppliers/${s.id}`)} style={{ cursor: 'pointer' }} data-testid={`supplier-${s.id}`}>
                <td className="wrap">
                  <a href={`#/purchasing/suppliers/${s.id}`}>{s.name}</a> {s.active ? null : <span className="pill">inactive</span>}
                </td>
                <td title="Promised by the supplier; below it, what its deliveries really took">
                  {s.leadTimeDays} d
                  {s.observedLeadTime ? (
                    <div className="muted">
                      actual {s.observedLeadTime.meanDays.toFixed(1)} d, {s.observedLeadTime.samples} receipt{s.observedLeadTime.samples === 1 ? '' : 's'}
                    </div>
                  ) : null}
                </td>
                <td className="num">{s.itemCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <NewSupplier onCreated={(id) => (void suppliers.reload(), navigate(`/purchasing/suppliers/${id}`))} />
      </div>
      {selected ? <SupplierDetail supplier={selected} onChanged={() => void suppliers.reload()} /> : <p className="muted">Choose a supplier to see what it sells us.</p>}
    </div>
  );
}

function NewSupplier({ onCreated }: { onCreated(id: number): void }) {
  const notify = useToast();
  const [name, setName] = useState('');
  const [lead, setLead] = useState('7');
  const [currency, setCurrency] = useState('USD');
  const [minimum, setMinimum] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const minimumCents = minimum.trim() ? decimalToCents(minimum, currency) : 0;
    if (minimumCents === null) return setError(`Order minimum "${minimum}" is not an amount`);
    try {
      const r = await call('suppliers.create', { name, leadTimeDays: Number(lead), currency: currency.toUpperCase(), orderMinimumCents: minimumCents });
      notify('success', `Supplier ${name} added`);
      setName('');
      setError(null);
      onCreated(r.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => (e.preventDefault(), void submit())} data-testid="new-supplier">
      <h3>Add a supplier</h3>
      <div className="field-row">
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="supplier-name" />
        </label>
        <label className="field">
          Lead time (days)
          <input value={lead} onChange={(e) => setLead(e.target.value)} size={4} />
        </label>
        <label className="field">
          Currency
          <input value={currency} onChange={(e) => setCurrency(e.target.value)} size={4} />
        </label>
        <label className="field">
          Order minimum
          <input value={minimum} onChange={(e) => setMinimum(e.target.value)} size={8} placeholder="0.00" />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Add
        </button>
      </div>
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </form>
  );
}

function SupplierDetail({ supplier, onChanged }: { supplier: SupplierDto; onChanged(): void }) {
  const notify = useToast();
  const items = useQuery('suppliers.listItems', { supplierId: supplier.id }, ['purchasing.']);
  const [sku, setSku] = useState('');
  const [cost, setCost] = useState('');
  const [casePack, setCasePack] = useState('1');
  const [moq, setMoq] = useState('0');
  const [supplierSku, setSupplierSku] = useState('');
  const [breaks, setBreaks] = useState('');
  const [preferred, setPreferred] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const money = (c: number) => formatMoney(c, supplier.currency);

  const save = async () => {
    const unitCostCents = decimalToCents(cost, supplier.currency);
    if (unitCostCents === null) return setError(`Cost "${cost}" is not an amount (e.g. 2.50)`);
    const priceBreaks = [];
    for (const [i, part] of breaks.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
      const m = /^(\d+)\s*:\s*(.+)$/.exec(part);
      const cents = m ? decimalToCents(m[2], supplier.currency) : null;
      if (!m || cents === null) return setError(`Price break ${i + 1}: write QTY:PRICE, e.g. 48:2.10`);
      priceBreaks.push({ minQty: Number(m[1]), unitCostCents: cents });
    }
    try {
      const product = await call('catalog.get', { sku: sku.trim() });
      await call('suppliers.upsertItem', { supplierId: supplier.id, productId: product.id, unitCostCents, casePack: Number(casePack), moq: Number(moq), supplierSku: supplierSku.trim() || null, priceBreaks, preferred });
      notify('success', `${product.sku} from ${supplier.name} saved`);
      setSku('');
      setCost('');
      setSupplierSku('');
      setBreaks('');
      setError(null);
      void items.reload();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="panel" style={{ minWidth: 0, overflowX: 'auto' }} data-testid="supplier-detail">
      <h2>{supplier.name}</h2>
      <p className="muted">
        {supplier.currency} · pays in {supplier.paymentTermsDays} days · promises {supplier.leadTimeDays} days
        {supplier.observedLeadTime ? `, delivers in ${supplier.observedLeadTime.meanDays.toFixed(1)} ± ${supplier.observedLeadTime.sdDays.toFixed(1)} days` : ''} · order minimum {money(supplier.orderMinimumCents)}
        {supplier.email ? ` · ${supplier.email}` : ''}
      </p>
      <EditSupplier key={supplier.id} supplier={supplier} onSaved={onChanged} />
      <table className="table" data-testid="supplier-items">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Supplier SKU</th>
            <th className="num">Cost</th>
            <th>Price breaks</th>
            <th className="num">Case</th>
            <th className="num">MOQ</th>
            <th>Lead</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(items.data ?? []).map((it) => (
            <tr key={it.id} data-testid={`supplier-item-${it.sku}`}>
              <td>
                {it.sku} <span className="muted">{it.productName}</span> {it.preferred ? <span className="pill ok">preferred</span> : null}
              </td>
              <td>{it.supplierSku ?? '—'}</td>
              <td className="num">{money(it.unitCostCents)}</td>
              <td>{it.priceBreaks.map((b) => `${b.minQty}+ ${money(b.unitCostCents)}`).join(' · ') || '—'}</td>
              <td className="num">{it.casePack}</td>
              <td className="num">{it.moq}</td>
              <td>{it.leadTimeDays != null ? `${it.leadTimeDays} d` : <span className="muted" title="No lead time of its own: the supplier's">{supplier.leadTimeDays} d</span>}</td>
              <td>
                {!it.preferred ? (
                  <button className="secondary" onClick={() => void call('suppliers.setPreferred', { productId: it.productId, supplierId: supplier.id }).then(() => items.reload())}>
                    Make preferred
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => (e.preventDefault(), void save())} data-testid="supplier-item-form">
        <h3>Add or change an item</h3>
        <div className="field-row">
          <label className="field">
            Our SKU
            <input value={sku} onChange={(e) => setSku(e.target.value)} size={12} data-testid="item-sku" />
          </label>
          <label className="field">
            Supplier SKU
            <input value={supplierSku} onChange={(e) => setSupplierSku(e.target.value)} size={10} />
          </label>
          <label className="field">
            Unit cost
            <input value={cost} onChange={(e) => setCost(e.target.value)} size={7} placeholder={centsToDecimal(0, supplier.currency)} data-testid="item-cost" />
          </label>
          <label className="field">
            Case pack
            <input value={casePack} onChange={(e) => setCasePack(e.target.value)} size={4} />
          </label>
          <label className="field">
            MOQ
            <input value={moq} onChange={(e) => setMoq(e.target.value)} size={4} />
          </label>
          <label className="field">
            Price breaks
            <input value={breaks} onChange={(e) => setBreaks(e.target.value)} placeholder="48:2.10, 96:2.00" />
          </label>
          <label className="field">
            <span>
              <input type="checkbox" checked={preferred} onChange={(e) => setPreferred(e.target.checked)} /> preferred
            </span>
          </label>
          <button type="submit" disabled={!sku.trim() || !cost.trim()}>
            Save item
          </button>
        </div>
        {error ? <div className="field-error" role="alert">{error}</div> : null}
      </form>
    </div>
  );
}

/** The supplier's details, folded away until needed. */
function EditSupplier({ supplier, onSaved }: { supplier: SupplierDto; onSaved(): void }) {
  const notify = useToast();
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({
    name: supplier.name,
    contactName: supplier.contactName ?? '',
    email: supplier.email ?? '',
    phone: supplier.phone ?? '',
    leadTimeDays: String(supplier.leadTimeDays),
    paymentTermsDays: String(supplier.paymentTermsDays),
    orderMinimum: centsToDecimal(supplier.orderMinimumCents, supplier.currency),
    active: supplier.active,
  });
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button className="secondary" onClick={() => setOpen(true)} data-testid="supplier-edit">
        Edit details
      </button>
    );
  }
  const text = (key: 'name' | 'contactName' | 'email' | 'phone' | 'leadTimeDays' | 'paymentTermsDays' | 'orderMinimum', label: string, size = 12) => (
    <label className="field">
      {label}
      <input value={f[key]} size={size} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );
  const save = async () => {
    const orderMinimumCents = decimalToCents(f.orderMinimum, supplier.currency);
    if (orderMinimumCents === null) return setError(`Order minimum "${f.orderMinimum}" is not an amount`);
    if (!/^\d+$/.test(f.leadTimeDays) || !/^\d+$/.test(f.paymentTermsDays)) return setError('Lead time and payment terms are whole days');
    try {
      await call('suppliers.update', {
        id: supplier.id,
        name: f.name,
        contactName: f.contactName.trim() || null,
        email: f.email.trim() || null,
        phone: f.phone.trim() || null,
        leadTimeDays: Number(f.leadTimeDays),
        paymentTermsDays: Number(f.paymentTermsDays),
        orderMinimumCents,
        active: f.active,
      });
      notify('success', `${f.name} saved`);
      setError(null);
      setOpen(false);
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="subpanel" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="supplier-edit-form">
      <div className="field-row">
        {text('name', 'Name', 20)}
        {text('contactName', 'Contact')}
        {text('email', 'E-mail', 18)}
        {text('phone', 'Phone')}
        {text('leadTimeDays', 'Lead time (days)', 4)}
        {text('paymentTermsDays', 'Pays in (days)', 4)}
        {text('orderMinimum', 'Order minimum', 8)}
        <label className="field">
          <span>
            <input type="checkbox" checked={f.active} onChange={(e) => setF({ ...f, active: e.target.checked })} /> active
          </span>
        </label>
        <button type="submit">Save</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </form>
  );
}
