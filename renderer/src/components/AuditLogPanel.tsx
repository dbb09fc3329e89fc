import { useState } from 'react';
import type { AuditEntryDto, AuditListInput } from '../../../shared/api/audit';
import { AUDIT_AREAS, type AuditArea } from '../../../shared/api/contract';
import { useQuery } from '../hooks';

const PAGE_SIZE = 50;

type Filters = Pick<AuditListInput, 'actor' | 'area' | 'action' | 'since' | 'until'>;

/**
 * The detail in words, not JSON: `customer.name: June Park · lines: 2 items`. Empty values are left
 * out; the full text shows on hover.
 */
function detailText(detail: unknown): string {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined || value === '') return;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) out.push(`${path}: ${value.join(', ')}`);
      else out.push(`${path}: ${value.length} item${value.length === 1 ? '' : 's'}`);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k);
    } else out.push(path ? `${path}: ${String(value)}` : String(value));
  };
  walk(detail, '');
  return out.join(' · ');
}

/** "orders" means every orders.* action; "orders.create" (or "orders.") is passed as typed. */
const actionFilter = (text: string | undefined) => (text && !text.includes('.') ? `${text}.` : text);

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
          setFilters({ ...draft, action: actionFilter(draft.action) });
          setCursors([undefined]);
        }}
      >
        <input aria-label="Who" size={16} placeholder="Who (owner, cli, station:…)" value={draft.actor ?? ''} onChange={set('actor')} />
        <select aria-label="Area" value={draft.area ?? ''} onChange={(e) => setDraft((d) => ({ ...d, area: (e.target.value || undefined) as AuditArea | undefined }))}>
          <option value="">All areas</option>
          {AUDIT_AREAS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input aria-label="Action" size={16} placeholder="Action (orders, stock.adjust)" value={draft.action ?? ''} onChange={set('action')} />
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
                <td className="muted ellipsis audit-detail" title={detailText(e.detail)} data-testid="audit-detail">
                  {detailText(e.detail)}
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
