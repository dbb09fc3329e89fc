import { useState } from 'react';
import type { ReplenishmentCurrentDto, SuggestionDto } from '../../../../shared/api/replenishment';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { AutopilotSettings } from './AutopilotSettings';
import type { PurchasingTabProps } from './types';
import { formatCount } from '../../../../shared/money';

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The autopilot's suggestions, per supplier: each line with the sentence that shows its arithmetic,
 * to approve (one draft PO per supplier), change the quantity of, or skip; what the budget left out
 * and why; the exceptions (late suppliers, overdue POs, SKUs that run out first); "Run now"; and the
 * budget and auto-send settings.
 */
export function SuggestionsTab({ navigate }: PurchasingTabProps) {
  const notify = useToast();
  const current = useQuery('replenish.current', {}, ['purchasing.']);
  const [busy, setBusy] = useState(false);
  const data: ReplenishmentCurrentDto | undefined = current.data;
  if (!data) return <p className="muted">{current.error ?? 'Loading…'}</p>;

  const act = async (what: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const message = await what();
      if (message) notify('success', message);
      await current.reload();
    } catch {
      // the shell already shows every API error
    } finally {
      setBusy(false);
    }
  };
  const runNow = () =>
    act(async () => {
      const r = await call('replenish.run', {});
      const pending = r.suggestions.filter((s) => s.status === 'pending').length;
      return `Autopilot ran: ${pending} suggestion${pending === 1 ? '' : 's'}${r.run?.summary.autoSent.length ? `, sent ${r.run.summary.autoSent.join(', ')}` : ''}`;
    });
  const approve = (ids: number[]) =>
    act(async () => {
      const pos = await call('replenish.approve', { ids });
      return pos.map((p) => `${p.number} drafted for ${p.supplier}`).join('; ');
    });
  const skip = (id: number) => act(async () => (await call('replenish.skip', { ids: [id], reason: '' }), 'Skipped'));
  const editQty = (s: SuggestionDto, input: HTMLInputElement) => {
    const qty = Number(input.value);
    if (qty === s.qty) return;
    // Refused here, not at approval: a PO line is whole cases, and approving would fail later
    // with a message about "line 1" the owner never saw.
    const wrong = !Number.isInteger(qty) || qty < 1 ? `"${input.value}" is not a quantity` : s.casePack > 1 && qty % s.casePack !== 0 ? `${s.sku} comes in cases of ${s.casePack}: order ${Math.max(s.casePack, qty - (qty % s.casePack))} or ${qty - (qty % s.casePack) + s.casePack}, not ${qty}` : null;
    if (wrong) {
      notify('error', wrong);
      input.value = String(s.qty);
      return;
    }
    void act(async () => (await call('replenish.editQuantity', { id: s.id, qty }), null));
  };

  const pending = data.suggestions.filter((s) => s.status === 'pending');
  const leftOut = data.suggestions.filter((s) => s.status === 'left_out');
  const decided = data.suggestions.filter((s) => s.status === 'approved' || s.status === 'skipped');
  const bySupplier = new Map<string, SuggestionDto[]>();
  for (const s of pending) bySupplier.set(s.supplier, [...(bySupplier.get(s.supplier) ?? []), s]);
  const b = data.budget;

  return (
    <div data-testid="suggestions-tab">
      <div className="row actions-row">
        <button onClick={() => void runNow()} disabled={busy} data-testid="run-now">
          {busy ? 'Working…' : 'Run now'}
        </button>
        <span className="muted" data-testid="budget-line">
          Budget {formatMoney(b.budgetCents)} per {b.period} (from {b.periodStart}): {formatMoney(b.committedCents)} approved, {formatMoney(b.plannedCents)} waiting, {formatMoney(b.availableCents)} left
        </span>
        {data.run && (
          <span className="muted" data-testid="last-run">
            Last run {data.run.shopDay} ({data.run.trigger}{data.run.summary.autoSent.length ? `; auto-sent ${data.run.summary.autoSent.join(', ')}` : ''})
          </span>
        )}
      </div>

      {data.exceptions.length > 0 && (
        <ul className="exceptions" aria-label="Needs attention" data-testid="replenish-exceptions">
          {data.exceptions.map((e, i) => (
            <li key={i} className={e.kind === 'runs_out_before_delivery' ? 'error' : 'warn'} data-kind={e.kind}>
              {e.message}
            </li>
          ))}
        </ul>
      )}

      {pending.length === 0 && <p className="muted" data-testid="no-suggestions">{data.run ? 'Nothing waiting for approval.' : 'The autopilot has not run yet: press "Run now".'}</p>}
      {[...bySupplier.entries()].map(([supplier, lines]) => {
        const total = lines.reduce((s, l) => s + l.valueCents, 0);
        return (
          <section key={supplier} className="panel" data-testid="supplier-suggestions" data-supplier={supplier}>
            <div className="row">
              <h2>{supplier}</h2>
              <span className="muted">
                {lines.length} line{lines.length === 1 ? '' : 's'}, {formatMoney(total, lines[0].currency)}
              </span>
              <button onClick={() => void approve(lines.map((l) => l.id))} disabled={busy} data-testid="approve-supplier">
                Approve {supplier}
              </button>
            </div>
            <div className="table-scroll">
              <table className="table suggestions-table">
                <thead>
                  <tr>
                    <th>SKU</th>
                    <th>Qty</th>
                    <th>Value</th>
                    <th>Risk</th>
                    <th>Why</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {lines.map((s) => (
                    <tr key={s.id} data-testid="suggestion-row" data-sku={s.sku}>
                      <td className="sku-cell">
                        <strong>{s.sku}</strong>{' '}
                        <span className="pill" title="ABC class: A = the products bringing the first 80 % of revenue, B the next 15 %, C the rest">
                          {s.abcClass}
                        </span>
                        <div className="muted">{s.name}</div>
                      </td>
                      <td>
                        <input
                          key={`${s.id}:${s.qty}`}
                          aria-label={`Quantity of ${s.sku}`}
                          data-testid="suggestion-qty"
                          type="number"
                          min={1}
                          step={s.casePack}
                          defaultValue={s.qty}
                          className="narrow"
                          onBlur={(e) => editQty(s, e.target)}
                          onKeyDown={(e) => e.key === 'Enter' && editQty(s, e.currentTarget)}
                        />
                        {s.casePack > 1 && <span className="muted"> {s.qty % s.casePack === 0 ? `${s.qty / s.casePack} × ${s.casePack}` : `case of ${s.casePack}`}</span>}
                      </td>
                      <td>{formatMoney(s.valueCents, s.currency)}</td>
                      <td title="Chance of running out before an order placed today arrives">{pct(s.stockoutRisk)}</td>
                      <td className="wrap" data-testid="suggestion-reason">
                        {s.reason}
                      </td>
                      <td>
                        {/* the flex row inside the cell: a flex <td> leaves the table's row and loses its border */}
                        <div className="row nowrap">
                          <button className="secondary" onClick={() => void approve([s.id])} disabled={busy} data-testid="approve-one">
                            Approve
                          </button>
                          <button className="secondary" onClick={() => void skip(s.id)} disabled={busy} data-testid="skip-one">
                            Skip
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}

      {leftOut.length > 0 && (
        <section className="panel" data-testid="left-out">
          <h2>Left out by the budget</h2>
          <ul>
            {leftOut.map((s) => (
              <li key={s.id} data-sku={s.sku}>
                <strong>{s.sku}</strong> from {s.supplier}, {formatCount(s.qty)} for {formatMoney(s.valueCents, s.currency)}: {s.statusReason}
              </li>
            ))}
          </ul>
        </section>
      )}

      {decided.length > 0 && (
        <section className="panel" data-testid="decided">
          <h2>Decided in this run</h2>
          <ul>
            {decided.map((s) => (
              <li key={s.id}>
                {s.sku}: {s.status === 'approved' ? 'approved' : 'skipped'} by {s.decidedBy}
                {s.poNumber && (
                  <>
                    {' '}
                    on{' '}
                    <a href={`#/purchasing/orders/${s.poId}`} onClick={(e) => (e.preventDefault(), navigate(`purchasing/orders/${s.poId}`))}>
                      {s.poNumber}
                    </a>
                  </>
                )}
                {s.status === 'skipped' && s.statusReason ? ` (${s.statusReason})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      <AutopilotSettings settings={data.settings} onSaved={() => void current.reload()} />
    </div>
  );
}
