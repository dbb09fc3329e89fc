import { useState } from 'react';
import type { OrderDetailDto, OrderStatus } from '../../../../shared/api/orders';
import { call } from '../../bridge';
import { useHotkeys } from '../../hooks/useHotkeys';
import { useToast } from '../Toasts';
import { STATUS_LABELS } from './order-format';

type Pending = { kind: 'hold' } | { kind: 'cancel' } | { kind: 'move'; to: OrderStatus } | null;

/** The moves the state machine allows other than hold/cancel/allocate, offered as "Move to …". */
const MOVE_TARGETS: OrderStatus[] = ['picking', 'packed', 'shipped', 'partially_shipped', 'delivered', 'returned'];

/**
 * Buttons for the transitions this order allows right now (from `allowedTransitions`, so the UI
 * and the state machine never disagree). Hold and cancel need a reason. Alt+H hold, Alt+R release,
 * Alt+C cancel, Alt+L allocate now.
 */
export function OrderActions({ order, onDone }: { order: OrderDetailDto; onDone(o: OrderDetailDto): void }) {
  const notify = useToast();
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const allowed = new Set(order.allowedTransitions);
  const canHold = allowed.has('on_hold');
  const canCancel = allowed.has('cancelled');
  const canRelease = order.status === 'on_hold';
  const canAllocate = order.status === 'new' || order.status === 'backordered';
  const unknownLines = order.orderLines.some((l) => l.productId === null);

  const run = async (what: string, fn: () => Promise<OrderDetailDto>) => {
    setBusy(true);
    try {
      const updated = await fn();
      // A release re-checks the order: one that is held again (e.g. its address still fails) is not "released".
      if (order.status === 'on_hold' && updated.status === 'on_hold') notify('error', `${order.number} is still on hold: ${updated.holdReason ?? 'see the order'}`);
      else notify('success', `${order.number}: ${what} (now ${STATUS_LABELS[updated.status].toLowerCase()})`);
      setPending(null);
      setReason('');
      onDone(updated);
    } catch {
      // The toast says why (e.g. the state changed meanwhile).
    } finally {
      setBusy(false);
    }
  };

  // Alt+H/C/R/L from anywhere, also from a field; a key whose action is not allowed now is left alone.
  useHotkeys(
    {
      'alt+h': () => (canHold ? setPending({ kind: 'hold' }) : false),
      'alt+c': () => (canCancel ? setPending({ kind: 'cancel' }) : false),
      'alt+r': () => (canRelease && !unknownLines ? void run('hold released', () => call('orders.release', { id: order.id })) : false),
      'alt+l': () => (canAllocate ? void run('allocation tried', () => call('orders.allocate', { id: order.id })) : false),
    },
    { allowInInputs: true },
  );

  const submitReason = () => {
    if (!pending || !reason.trim()) return;
    if (pending.kind === 'hold') void run('put on hold', () => call('orders.hold', { id: order.id, reason: reason.trim() }));
    else if (pending.kind === 'cancel') void run('cancelled', () => call('orders.cancel', { id: order.id, reason: reason.trim() }));
    else void run(`moved to ${STATUS_LABELS[pending.to].toLowerCase()}`, () => call('orders.transition', { id: order.id, to: pending.to, reason: reason.trim() }));
  };

  const moves = MOVE_TARGETS.filter((t) => allowed.has(t));
  return (
    <div className="panel" data-testid="order-actions">
      <div className="row" role="toolbar" aria-label="Order actions">
        {canAllocate && (
          <button disabled={busy} title="Alt+L" onClick={() => void run('allocation tried', () => call('orders.allocate', { id: order.id }))}>
            Allocate now
          </button>
        )}
        {canRelease && (
          <button disabled={busy || unknownLines} title={unknownLines ? 'Fix the unknown SKUs first' : 'Alt+R'} onClick={() => void run('hold released', () => call('orders.release', { id: order.id }))}>
            Release hold
          </button>
        )}
        {canHold && (
          <button className="secondary" disabled={busy} title="Alt+H" aria-pressed={pending?.kind === 'hold'} onClick={() => setPending({ kind: 'hold' })}>
            Hold…
          </button>
        )}
        {moves.map((to) => (
          <button key={to} className="secondary" disabled={busy} onClick={() => setPending({ kind: 'move', to })}>
            Move to {STATUS_LABELS[to].toLowerCase()}…
          </button>
        ))}
        {canCancel && (
          <button className="danger" disabled={busy} title="Alt+C" aria-pressed={pending?.kind === 'cancel'} onClick={() => setPending({ kind: 'cancel' })}>
            Cancel order…
          </button>
        )}
        {order.allowedTransitions.length === 0 && <span className="muted">This order is final.</span>}
      </div>
      {pending && (
        <form
          className="action-form"
          data-testid="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            submitReason();
          }}
        >
          <label className="grow">
            {pending.kind === 'hold' ? 'Why hold this order?' : pending.kind === 'cancel' ? 'Why cancel this order?' : `Why move it to ${STATUS_LABELS[pending.to].toLowerCase()}?`}
            <input
              aria-label="Reason"
              autoFocus
              value={reason}
              maxLength={300}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setPending(null))}
            />
          </label>
          <div className="row">
            <button type="submit" disabled={busy || !reason.trim()} className={pending.kind === 'cancel' ? 'danger' : ''}>
              {pending.kind === 'hold' ? 'Put on hold' : pending.kind === 'cancel' ? 'Cancel the order' : 'Move'}
            </button>
            <button type="button" className="secondary" onClick={() => setPending(null)}>
              Back
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
