import { createContext, Fragment, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { displayLocale, formatCount, formatMoney, setDisplayLocale } from '../../../shared/money';
import { call } from '../bridge';

/**
 * The shop's locale for money and counts in the console (Settings → Shop format). Screens call
 * `useFormat()`; the older `formatMoney` helpers (shared/units, stock/format) read the same locale
 * through shared/money's display locale, so both agree.
 *
 * The last locale seen is kept in localStorage so the first paint already uses it; the provider
 * then asks the station. If the locale differs (first start in a new browser, or the owner just
 * changed it), the tree below is re-mounted once, so text formatted outside the hook updates too.
 */

const STORAGE_KEY = 'shipshape.shopLocale';

export interface ShopFormat {
  locale: string;
  /** Integer minor units → "$1,234.56" / "1.234,56 €" / "￥1,235", with the currency's own decimals. */
  money(minor: number, currency: string): string;
  /** 60243 → "60,243" (en-US), "60.243" (de-DE). */
  count(n: number): string;
  /** After Settings stored a new locale: re-format everything with it. */
  setLocale(locale: string): void;
}

function apply(locale: string): string {
  try {
    setDisplayLocale(locale);
  } catch {
    // A stale or damaged saved value: keep what we had.
  }
  return displayLocale();
}

function savedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

const formatFor = (locale: string, setLocale: (l: string) => void): ShopFormat => ({
  locale,
  money: (minor, currency) => formatMoney(minor, currency, locale),
  count: (n) => formatCount(n, locale),
  setLocale,
});

const ShopFormatContext = createContext<ShopFormat>(formatFor(displayLocale(), () => undefined));

export function ShopFormatProvider({ children, reloadKey }: { children: ReactNode; reloadKey?: unknown }) {
  const [locale, setLocaleState] = useState(() => {
    const saved = savedLocale();
    return saved ? apply(saved) : displayLocale();
  });
  const setLocale = useCallback((next: string) => {
    const applied = apply(next);
    try {
      localStorage.setItem(STORAGE_KEY, applied);
    } catch {
      // Private mode: the setting still applies for this session.
    }
    setLocaleState(applied);
  }, []);
  useEffect(() => {
    let live = true;
    // Failures are not toasted: until the station answers (or pairing is done) the saved locale stands.
    call('shopFormat.get', {}, { shownInline: () => true }).then(
      (f) => live && setLocale(f.locale),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [setLocale, reloadKey]);
  const value = useMemo(() => formatFor(locale, setLocale), [locale, setLocale]);
  return (
    <ShopFormatContext.Provider value={value}>
      <Fragment key={locale}>{children}</Fragment>
    </ShopFormatContext.Provider>
  );
}

/** The shop's money and count formatters (see ShopFormatProvider). */
export function useFormat(): ShopFormat {
  return useContext(ShopFormatContext);
}
