import { useEffect, useRef, useState } from 'react';
import type { ProductHit } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useDebounced } from '../stock/usePagedRows';

/**
 * Search the catalog and pick a product: type (or scan) a SKU, name or barcode, ↑/↓ to choose,
 * Enter to pick. An exact barcode/SKU hit is picked with Enter straight away.
 */
export function ProductPicker({ label, onPick, autoFocus = false, testId = 'product-picker' }: { label: string; onPick(p: ProductHit): void; autoFocus?: boolean; testId?: string }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<ProductHit[]>([]);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 120);
  const seq = useRef(0);
  /** The text the shown hits belong to (a search may still be in flight for newer text). */
  const hitsFor = useRef('');

  useEffect(() => {
    const mine = ++seq.current;
    if (!query) {
      setHits([]);
      return;
    }
    void call('catalog.search', { query, limit: 8 }).then((r) => {
      if (mine === seq.current) {
        hitsFor.current = query;
        setHits(r);
        setActive(0);
      }
    });
  }, [query]);

  const pick = (p: ProductHit | undefined) => {
    if (!p) return;
    onPick(p);
    setText('');
    setHits([]);
  };

  return (
    <div className="picker" data-testid={testId}>
      <input
        type="search"
        aria-label={label}
        placeholder="SKU, name or barcode"
        value={text}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={`${testId}-list`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={async (e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, Math.min(hits.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            // Enter right after typing or scanning: search now rather than wait for the debounce
            // or a search still in flight.
            if (text.trim() && (text.trim() !== hitsFor.current || hits.length === 0)) {
              const fresh = await call('catalog.search', { query: text.trim(), limit: 8 });
              pick(fresh.find((h) => h.exact) ?? fresh[0]);
            } else pick(hits[active]);
          } else if (e.key === 'Escape' && text) {
            e.stopPropagation();
            setText('');
          }
        }}
      />
      {hits.length > 0 && (
        <ul className="picker-list" role="listbox" id={`${testId}-list`}>
          {hits.map((h, i) => (
            <li key={h.id} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(h)}>
              <span className="mono">{h.sku}</span> <span className="muted">{h.name}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
