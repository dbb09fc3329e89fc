import { useRef, type RefObject } from 'react';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { ScanDetector } from './scanner';
import { downloadText } from '../../download';
import type { StockFilter } from './useStockRows';

/**
 * The stock list's search box (a barcode scanned into it opens that product at once), warehouse
 * and filter choices, the row count and the CSV export.
 */
export function StockToolbar(props: {
  searchRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText(text: string): void;
  warehouse: string;
  onWarehouse(code: string): void;
  filter: StockFilter;
  onFilter(filter: StockFilter): void;
  days: number;
  onDays(days: number): void;
  summary: string;
  /** Enter with nothing scanned: the one row of the list, if there is exactly one. */
  onlyRow(): { productId: number } | undefined;
  /** ↓ from the search box: into the list. */
  onDown(): void;
  navigate(path: string): void;
}) {
  const notify = useToast();
  const warehouses = useQuery('warehouses.list', {});
  const scanner = useRef(new ScanDetector());
  const { text, onText } = props;

  /** Enter in the search box: a scanned (or typed) exact barcode, SKU or alias opens the product. */
  const onSearchEnter = async () => {
    const code = text.trim();
    const scanned = scanner.current.enter(performance.now());
    if (!code) return;
    const product = await call('catalog.lookup', { code });
    const only = props.onlyRow();
    if (product) {
      if (scanned) onText('');
      props.navigate(`stock/${product.id}`);
    } else if (only && !scanned) {
      props.navigate(`stock/${only.productId}`);
    } else {
      notify('error', `No product has the barcode or SKU ${code}`);
      // A scan replaces the box's content; typed text stays so it can be corrected.
      if (scanned) onText('');
    }
  };

  const exportCsv = async () => {
    const result = await call('stock.exportCsv', { warehouse: props.warehouse || undefined });
    downloadText(result.filename, result.csv);
    notify('success', `Exported ${result.filename}`);
  };

  return (
    <div className="row stock-toolbar">
      <input
        ref={props.searchRef}
        className="stock-search"
        type="search"
        aria-label="Search stock"
        placeholder="Search SKU, name or barcode — or scan (/ to focus)"
        value={text}
        data-testid="stock-search"
        onChange={(e) => onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void onSearchEnter();
          } else if (e.key === 'Escape') {
            onText('');
            scanner.current.reset();
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            props.onDown();
          } else if (e.key.length === 1) {
            scanner.current.key(performance.now());
          }
        }}
      />
      <select aria-label="Warehouse" value={props.warehouse} onChange={(e) => props.onWarehouse(e.target.value)}>
        <option value="">All warehouses</option>
        {warehouses.data?.map((w) => (
          <option key={w.code} value={w.code}>
            {w.code} — {w.name}
          </option>
        ))}
      </select>
      <select aria-label="Filter" value={props.filter} onChange={(e) => props.onFilter(e.target.value as StockFilter)} data-testid="stock-filter">
        <option value="all">All stock</option>
        <option value="low">Low stock</option>
        <option value="out">Out of stock</option>
        <option value="expiring">Expiring within…</option>
        <option value="aging">Aging (older than…)</option>
      </select>
      {(props.filter === 'expiring' || props.filter === 'aging') && (
        <label className="inline">
          <input type="number" min={0} max={3650} aria-label="Days" className="narrow" value={props.days} onChange={(e) => props.onDays(Math.max(0, Number(e.target.value) || 0))} /> days
        </label>
      )}
      <span className="muted" data-testid="stock-total">
        {props.summary}
      </span>
      <span className="spacer" />
      <button className="secondary" onClick={() => void exportCsv()}>
        Export CSV
      </button>
    </div>
  );
}
