import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Rows of a long server-side list, fetched a page at a time as they scroll into view. Keeps the
 * total and a cache of loaded pages; a new `key` (search, filters) starts over; `refresh()` reloads
 * the pages that are loaded (live updates) without losing the scroll position.
 */
export function usePagedRows<T>(key: string, pageSize: number, fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>) {
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, T[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (page: number, gen: number) => {
    if (pending.current.has(page)) return;
    pending.current.add(page);
    try {
      const result = await fetchRef.current(page * pageSize, pageSize);
      if (gen !== generation.current) return;
      pages.current.set(page, result.rows);
      setTotal(result.total);
      setVersion((v) => v + 1);
    } catch {
      // The shell shows the error as a toast; the page stays empty and is retried on scroll.
    } finally {
      pending.current.delete(page);
    }
  }, [pageSize]);

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    pending.current = new Set();
    setTotal(undefined);
    void load(0, generation.current);
  }, [key, load]);

  /** Makes sure the rows in [start, end] are loaded (or loading). */
  const ensure = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / pageSize); p <= Math.floor(end / pageSize); p++) {
        if (!pages.current.has(p)) void load(p, generation.current);
      }
    },
    [load, pageSize],
  );

  const row = useCallback((index: number): T | undefined => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize], [pageSize]);

  const refresh = useCallback(() => {
    const loaded = [...pages.current.keys()];
    generation.current++;
    const gen = generation.current;
    pending.current = new Set();
    for (const p of loaded.length ? loaded : [0]) void load(p, gen);
  }, [load]);

  return { total, row, ensure, refresh, version };
}

/** The value after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

