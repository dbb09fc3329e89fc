import { CountsView } from '../components/stock/CountsView';
import { ImportProducts } from '../components/stock/ImportProducts';
import { ProductDetail } from '../components/stock/ProductDetail';
import { StockList } from '../components/stock/StockList';
import { TransfersView } from '../components/stock/TransfersView';
import { useHotkeys } from '../hooks/useHotkeys';
import type { ScreenProps } from './index';

const TABS = [
  { path: 'stock', label: 'Stock', match: (p: string[]) => p.length === 0 },
  { path: 'stock/counts', label: 'Cycle counts', match: (p: string[]) => p[0] === 'counts' },
  { path: 'stock/transfers', label: 'Transfers', match: (p: string[]) => p[0] === 'transfers' },
  { path: 'stock/import', label: 'Import products', match: (p: string[]) => p[0] === 'import' },
];

/**
 * The stock area. Routes: '#/stock' (the list), '#/stock/<productId>' (product detail),
 * '#/stock/counts[/<id>]', '#/stock/transfers', '#/stock/import'.
 */
export function StockScreen({ params, navigate }: ScreenProps) {
  const productId = params[0] && /^\d+$/.test(params[0]) ? Number(params[0]) : undefined;
  // Esc on a sub-view goes back to the list (unless a form field has focus).
  useHotkeys({ Escape: () => navigate('stock') }, { enabled: params.length > 0 });

  return (
    <section className="screen stock-screen">
      <h1>Stock</h1>
      <nav className="tabs" aria-label="Stock views">
        {TABS.map((t) => (
          <a key={t.path} href={`#/${t.path}`} className={t.match(params) ? 'active' : ''} aria-current={t.match(params) ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {productId !== undefined ? (
        <ProductDetail key={productId} productId={productId} navigate={navigate} />
      ) : params[0] === 'counts' ? (
        <CountsView countId={params[1] ? Number(params[1]) : undefined} navigate={navigate} />
      ) : params[0] === 'transfers' ? (
        <TransfersView />
      ) : params[0] === 'import' ? (
        <ImportProducts />
      ) : (
        <StockList navigate={navigate} />
      )}
    </section>
  );
}
