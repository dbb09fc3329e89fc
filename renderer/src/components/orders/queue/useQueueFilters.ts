import { useState } from 'react';
import { useDebounced } from '../../stock/usePagedRows';

/** Promise filter presets; dates are the shop's calendar days. */
export type PromiseFilter = '' | 'overdue' | 'today' | 'tomorrow' | 'by';
/** The warehouse select's value for "not allocated anywhere". */
export const NOT_ALLOCATED = '\u0000none';

/** The calendar day `offset` days from `today` (the shop's date, from its calendar), as YYYY-MM-DD. */
function dayFrom(today: string, offset: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

function promisedTo(promise: PromiseFilter, date: string, today: string): string | undefined {
  if (promise === 'overdue') return dayFrom(today, -1);
  if (promise === 'today') return today;
  if (promise === 'tomorrow') return dayFrom(today, 1);
  if (promise === 'by' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return undefined;
}

/** The queue's filters (channel, warehouse, promised date, tag) as the select boxes hold them and as the API takes them. */
export function useQueueFilters(shopToday: string) {
  const [channel, setChannel] = useState<number | ''>('');
  const [warehouse, setWarehouse] = useState('');
  const [promise, setPromise] = useState<PromiseFilter>('');
  const [promiseDate, setPromiseDate] = useState('');
  const [tagText, setTagText] = useState('');
  const tag = useDebounced(tagText.trim(), 300);
  const filters = {
    channel: channel === '' ? undefined : channel,
    warehouse: warehouse === '' ? undefined : warehouse === NOT_ALLOCATED ? null : warehouse,
    promisedTo: promisedTo(promise, promiseDate, shopToday),
    tag: tag || undefined,
  };
  const filtered = channel !== '' || warehouse !== '' || promise !== '' || tagText.trim() !== '';
  const clear = () => {
    setChannel('');
    setWarehouse('');
    setPromise('');
    setPromiseDate('');
    setTagText('');
  };
  return {
    values: { channel, warehouse, promise, promiseDate, tagText },
    set: { channel: setChannel, warehouse: setWarehouse, promise: setPromise, promiseDate: setPromiseDate, tagText: setTagText },
    filters,
    /** Changes when the API filters do (an effect dependency). */
    key: JSON.stringify(filters),
    filtered,
    clear,
  };
}

export type QueueFilters = ReturnType<typeof useQueueFilters>;
