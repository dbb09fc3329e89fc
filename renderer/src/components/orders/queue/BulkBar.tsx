import { useState } from 'react';
import { call } from '../../../bridge';
import { useToast } from '../../Toasts';

type BulkAction = 'allocate' | 'hold' | 'release' | 'cancel';

/** Actions on the ticked orders: allocate, release, hold or cancel (with a reason), batch labels. */
export function BulkBar({ selected, onClear, onLabels }: { selected: Set<number>; onClear(): void; onLabels(ids: number[]): void }) {
  const notify = useToast();
  const [reason, setReason] = useState('');

  /** One order at a time; each is its own transaction, a refusal does not stop the rest. */
  const bulk = async (action: BulkAction) => {
    const ids = [...selected];
    let ok = 0;
    for (const id of ids) {
      try {
        if (action === 'allocate') await call('orders.allocate', { id });
        else if (action === 'release') await call('orders.release', { id });
        else if (action === 'hold') await call('orders.hold', { id, reason: reason.trim() });
        else await call('orders.cancel', { id, reason: reason.trim() });
        ok++;
      } catch {
        // Shown as a toast by the shell; carry on with the rest.
      }
    }
    notify(ok === ids.length ? 'success' : 'error', `${action}: ${ok} of ${ids.length} orders`);
    onClear();
    setReason('');
  };

  if (selected.size === 0) return null;
  return (
    <div className="row callout" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong>{selected.size} selected</strong>
      <button className="secondary" onClick={() => void bulk('allocate')}>
        Allocate
      </button>
      <button className="secondary" onClick={() => void bulk('release')}>
        Release
      </button>
      <input aria-label="Reason for hold or cancel" placeholder="Reason (hold / cancel)" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button className="secondary" disabled={!reason.trim()} onClick={() => void bulk('hold')}>
        Hold
      </button>
      <button className="danger" disabled={!reason.trim()} onClick={() => void bulk('cancel')}>
        Cancel orders
      </button>
      <button onClick={() => onLabels([...selected])} data-testid="bulk-labels">
        Create labels
      </button>
      <button className="secondary" disabled title="Pick lists arrive with the picking area">
        Print pick list
      </button>
      <button className="secondary" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}
