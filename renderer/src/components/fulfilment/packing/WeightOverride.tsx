import { useState } from 'react';
import type { PackSessionDto } from '../../../../../shared/api/fulfilment';
import { call } from '../../../bridge';
import { useQuery } from '../../../hooks';

/**
 * The weight block and a supervisor's way past it: reason, name and — when one is set in
 * Settings — the supervisor PIN. An override given stays through later scale readings until the
 * box changes or it is cleared here.
 */
export function WeightOverride({ session, onSession, onRefused }: { session: PackSessionDto; onSession(s: PackSessionDto): void; onRefused(err: unknown): void }) {
  const pinSet = useQuery('packing.settings', {}, ['packing.']).data?.supervisorPinSet ?? false;
  const [form, setForm] = useState<{ reason: string; supervisor: string; pin: string } | null>(null);
  const { weight } = session;

  if (weight.overridden) {
    return (
      <p className="muted row" data-testid="weight-overridden">
        <span>
          Overridden by {weight.overrideBy}: {weight.overrideReason}
        </span>
        <button className="link" onClick={() => void call('packing.clearOverride', { sessionId: session.id }).then(onSession, onRefused)}>
          Clear override
        </button>
      </p>
    );
  }
  if (!weight.explanation) return null;
  return (
    <div className="weight-block" role="alert" data-testid="weight-block">
      <div>
        <strong>Weight does not match: </strong>
        {weight.explanation}
      </div>
      {form ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void call(
              'packing.override',
              { sessionId: session.id, reason: form.reason, supervisor: form.supervisor, ...(pinSet ? { pin: form.pin } : {}) },
              { shownInline: () => true },
            ).then((s) => {
              setForm(null);
              onSession(s);
            }, onRefused);
          }}
        >
          <input autoFocus placeholder="Reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} aria-label="Override reason" />
          <input placeholder="Supervisor" value={form.supervisor} onChange={(e) => setForm({ ...form, supervisor: e.target.value })} aria-label="Supervisor" />
          {pinSet ? (
            <input type="password" inputMode="numeric" autoComplete="off" placeholder="PIN" value={form.pin} onChange={(e) => setForm({ ...form, pin: e.target.value })} aria-label="Supervisor PIN" />
          ) : null}
          <button>Override</button>
        </form>
      ) : (
        <button onClick={() => setForm({ reason: '', supervisor: '', pin: '' })}>Supervisor override…</button>
      )}
    </div>
  );
}
