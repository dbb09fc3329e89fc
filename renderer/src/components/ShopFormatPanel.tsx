import { useEffect, useState } from 'react';
import { ApiError, call } from '../bridge';
import { useQuery } from '../hooks';
import { useFormat } from './ShopFormat';
import { useToast } from './Toasts';

/**
 * Settings → Shop format: the one locale money and counts are written in, in the console, on
 * packing slips and purchase orders ("$1,234.56" en-US, "1.234,56 $" de-DE). Each currency keeps
 * its own decimals whatever the locale (JPY none, KWD three).
 */
export function ShopFormatPanel() {
  const notify = useToast();
  const format = useFormat();
  const current = useQuery('shopFormat.get', {});
  const [locale, setLocale] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (current.data) setLocale(current.data.locale);
  }, [current.data]);

  return (
    <div className="panel" data-testid="shop-format">
      <h2>Shop format</h2>
      <p className="muted">How money and numbers are written here and in documents. Currencies keep their own decimals (JPY none, KWD three).</p>
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const saved = await call('shopFormat.update', { locale }, { shownInline: () => true });
            notify('success', `Shop format ${saved.locale}: ${saved.example}`);
            format.setLocale(saved.locale);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          }
        }}
      >
        <label>
          Locale{' '}
          <input
            aria-label="Shop locale"
            data-testid="shop-locale"
            value={locale}
            onChange={(e) => setLocale(e.target.value)}
            placeholder="en-US"
            size={10}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'shop-locale-error' : undefined}
          />
        </label>
        <button type="submit">Save</button>
        <span className="muted" data-testid="shop-format-example">
          {current.data?.example}
        </span>
      </form>
      {error && (
        <p className="error" id="shop-locale-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
