import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrderSummaryDto } from '../../../../../shared/api/orders';
import { useHotkeys } from '../../../hooks/useHotkeys';

/** Rows PageUp/PageDown move by. */
const PAGE_STEP = 10;

/**
 * Keyboard and selection over the queue's rows: one row at a time holds the focus (a roving
 * tabindex: the cursor row has tabIndex 0, the others -1, so Tab enters the list at the cursor),
 * ↑/↓/PageUp/PageDown/Home/End move it, Enter opens the row, Space ticks it for the bulk actions.
 * Moving past the last loaded row loads more. A new request (`resetKey`) starts at the top with
 * nothing ticked.
 */
export function useRowFocus(rows: OrderSummaryDto[] | undefined, options: { resetKey: string; open(o: OrderSummaryDto): void; hasMore: boolean; loadMore(): void }) {
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const list = rows ?? [];

  useEffect(() => {
    setCursor(0);
    setSelected(new Set());
  }, [options.resetKey]);

  /** Moves the cursor to row `index` and focuses it, scrolled clear of the sticky header (the panel's scroll-padding). */
  const focusRow = useCallback(
    (index: number) => {
      const row = bodyRef.current?.querySelectorAll<HTMLTableRowElement>(':scope > tr')[index];
      if (!row) return;
      setCursor(index);
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
    },
    [],
  );

  const toggle = useCallback(
    (id: number) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const move = (to: number) => {
    if (list.length === 0) return;
    const index = Math.max(0, Math.min(list.length - 1, to));
    focusRow(index);
    if (index === list.length - 1 && options.hasMore) options.loadMore();
  };
  const current = () => list[cursor];
  useHotkeys(
    {
      ArrowDown: () => move(cursor + 1),
      ArrowUp: () => move(cursor - 1),
      PageDown: () => move(cursor + PAGE_STEP),
      PageUp: () => move(cursor - PAGE_STEP),
      Home: () => move(0),
      End: () => move(list.length - 1),
      Enter: () => (current() ? options.open(current()) : false),
      Space: () => (current() ? toggle(current().id) : false),
    },
    { target: bodyRef },
  );

  return { cursor, setCursor, selected, setSelected, toggle, bodyRef, focusRow };
}
