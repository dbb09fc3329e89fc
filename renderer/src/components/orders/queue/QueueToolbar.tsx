import type { KeyboardEvent, RefObject } from 'react';
import type { OrderSort } from '../../../../../shared/api/orders';
import { call } from '../../../bridge';
import { useQuery } from '../../../hooks';
import { useToast } from '../../Toasts';
import { NOT_ALLOCATED, type PromiseFilter, type QueueFilters } from './useQueueFilters';

/** The queue's search box, filters, sort presets and actions. */
export function QueueToolbar(props: {
  searchRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText(text: string): void;
  /** ↓ / Enter in the search box (the list takes it from there). */
  onSearchKey(e: KeyboardEvent<HTMLInputElement>): void;
  filters: QueueFilters;
  sort: OrderSort;
  onPreset(sort: 'promise' | 'newest'): void;
  navigate(path: string): void;
}) {
  const notify = useToast();
  const channels = useQuery('channels.list', {}, ['channels.']);
  const warehouses = useQuery('warehouses.list', {});
  const knownTags = useQuery('orders.tags', {});
  const { values, set } = props.filters;
  return (
    <div className="row queue-toolbar">
      <input
        ref={props.searchRef}
        type="search"
        className="grow-input"
        aria-label="Search orders"
        placeholder="Order number or customer (/ to focus, ↓ to the list)"
        value={props.text}
        data-testid="order-search"
        onChange={(e) => props.onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onText('');
          else props.onSearchKey(e);
        }}
      />
      <select aria-label="Channel" value={values.channel} onChange={(e) => set.channel(e.target.value ? Number(e.target.value) : '')} data-testid="order-channel">
        <option value="">All channels</option>
        {channels.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select aria-label="Warehouse" value={values.warehouse} onChange={(e) => set.warehouse(e.target.value)} data-testid="order-warehouse">
        <option value="">All warehouses</option>
        <option value={NOT_ALLOCATED}>Not allocated</option>
        {warehouses.data?.map((w) => (
          <option key={w.id} value={w.code}>
            {w.code}
          </option>
        ))}
      </select>
      <select aria-label="Promised" value={values.promise} onChange={(e) => set.promise(e.target.value as PromiseFilter)} data-testid="order-promise">
        <option value="">Any promise date</option>
        <option value="overdue">Overdue (promised before today)</option>
        <option value="today">Due today or earlier</option>
        <option value="tomorrow">Due by tomorrow</option>
        <option value="by">Due by date…</option>
      </select>
      {values.promise === 'by' && (
        <input type="date" aria-label="Due by date" value={values.promiseDate} onChange={(e) => set.promiseDate(e.target.value)} data-testid="order-promise-date" />
      )}
      <input
        type="search"
        aria-label="Tag"
        placeholder="Tag"
        list="order-tag-list"
        size={10}
        value={values.tagText}
        onChange={(e) => set.tagText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && set.tagText('')}
        data-testid="order-tag"
      />
      <datalist id="order-tag-list">
        {knownTags.data?.map((t) => <option key={t} value={t} />)}
      </datalist>
      {props.filters.filtered && (
        <button className="secondary" onClick={props.filters.clear} data-testid="order-clear-filters">
          Clear filters
        </button>
      )}
      <span className="spacer" />
      <span role="group" aria-label="Sort" className="sort-switch" data-testid="order-sort">
        {(['promise', 'newest'] as const).map((s) => (
          <button
            key={s}
            className={props.sort === s ? '' : 'secondary'}
            aria-pressed={props.sort === s}
            title={s === 'promise' ? 'Earliest promised date first; orders without one last' : 'Newest orders first'}
            onClick={() => props.onPreset(s)}
            data-testid={`order-sort-${s}`}
          >
            {s === 'promise' ? 'Promise' : 'Newest'}
          </button>
        ))}
      </span>
      <button className="secondary" onClick={() => void call('orders.releaseBackorders', {}).then((r) => notify('success', `Backorders: ${r.allocated} allocated, ${r.still} still waiting`))}>
        Release backorders
      </button>
      <button onClick={() => props.navigate('orders/new')} title="N" data-testid="new-order">
        New order
      </button>
    </div>
  );
}
