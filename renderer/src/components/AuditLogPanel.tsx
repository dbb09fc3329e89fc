import { useState } from 'react';
import type { AuditEntryDto, AuditListInput } from '../../../shared/api/audit';
import { AUDIT_AREAS, type AuditArea } from '../../../shared/api/contract';
import { useQuery } from '../hooks';

const PAGE_SIZE = 50;

type Filters = Pick<AuditListInput, 'actor' | 'area' | 'action' | 'since' | 'until'>;

const detailText = (detail: unknown) => (detail === null || detail === undefined ? '' : JSON.stringify(detail));

/**
 * Settings → Audit log: every change to stock, orders, shipping, money, settings, secrets, station
 * access and devices, newest first — who (person or station, role), when (shop time), how (desktop,
 * station/HTTP, command line, webhook) and what. Filters apply on "Show"; pages go back in time.
 */
export function AuditLogPanel() {
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  // Cursors of the pages before this one: "Newer" pops, "Older" pushes.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useQuery('audit.list', { ...filters, cursor, limit: PAGE_SIZE });
  const set = (field: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value.trim() || undefined }));

  return (
    <div className="panel" data-testid="panel-audit-log">
      <h2>Audit log</h2>
      <p className="muted">Every change, who made it and how. Rows are never changed or deleted.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setCursors([undefined]);
        }}
      >
        <input aria-label="Who" placeholder="Who (owner, cli, station:…)" value={draft.actor ?? ''} onChange={set('actor')} />
        <select aria-label="Area" value={draft.area ?? ''} onChange={(e) => setDraft((d) => ({ ...d, area: (e.target.value || undefined) as AuditArea | undefined }))}>
          <option value="">All areas</option>
          {AUDIT_AREAS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input aria-label="Action" placeholder="Action (stock.adjust, orders.)" value={draft.action ?? ''} onChange={set('action')} />
        <label>
          From <input aria-label="From" type="date" value={draft.since ?? ''} onChange={set('since')} />
        </label>
        <label>
          To <input aria-label="To" type="date" value={draft.until ?? ''} onChange={set('until')} />
        </label>
        <button type="submit">Show</button>
        <button type="button" className="secondary" onClick={() => void page.reload()}>
          Refresh
        </button>
      </form>
      <div className="scroll-box">
        <table className="table" data-testid="audit-rows">
          <thead>
            <tr>
              <th>When (shop time)</th>
              <th>Who</th>
              <th>Role</th>
              <th>Via</th>
              <th>Area</th>
              <th>Action</th>
              <th>Target</th>
              <th>Outcome</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.entries.map((e: AuditEntryDto) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{e.shopTime.replace('T', ' ')}</td>
                <td data-testid="audit-actor">{e.actor}</td>
                <td>{e.role ?? '—'}</td>
                <td>{e.transport ?? '—'}</td>
                <td>{e.area ?? '—'}</td>
                <td data-testid="audit-action">{e.action}</td>
                <td data-testid="audit-target">{e.target ?? ''}</td>
                <td>{e.outcome === 'ok' ? 'ok' : <span className="pill bad">{e.outcome}</span>}</td>
                <td className="muted" title={detailText(e.detail)}>
                  {detailText(e.detail).slice(0, 120)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data?.entries.length === 0 && <p className="muted">No changes match.</p>}
      </div>
      <div className="row">
        <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="secondary" disabled={!page.data?.nextCursor} onClick={() => setCursors((c) => [...c, page.data?.nextCursor ?? undefined])}>
          Older
        </button>
        <span className="muted" data-testid="audit-page">
          Page {cursors.length}
        </span>
      </div>
    </div>
  );
}
