/**
 * The one module for money. Amounts are integer minor units of their currency everywhere (the
 * store, the API, the ledger); this file is the only place that turns them into text or back.
 *
 * - How many decimals a currency has comes from Intl (ICU's currency data): USD and EUR 2, JPY 0,
 *   KWD 3. Dividing by 100 for every currency shows ¥1,500 as "¥15" and 1.250 KWD as "12.50".
 * - Parsing is string arithmetic only: "0.29" * 100 === 28.999999999999996, and rounding that away
 *   would also hide real input errors (a third decimal on a dollar price) instead of reporting them.
 * - Display uses the shop's locale (Settings → Shop format), not whatever the browser or the
 *   operating system happens to say, so the console and the PDFs agree.
 */

/** Used until the shop picks one; also what the CLI prints with. */
export const DEFAULT_LOCALE = 'en-US';

const QUOTE_MAX = 200;
/** Names a bad value in an error message without letting a pasted 50 MB cell into it. */
function quote(value: unknown): string {
  const text = String(value);
  return text.length > QUOTE_MAX ? `"${text.slice(0, QUOTE_MAX)}…" (${text.length} characters)` : `"${text}"`;
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/;
const minorUnitCache = new Map<string, number>();

/** Decimals in `currency`'s minor unit (USD 2, JPY 0, KWD 3), from Intl; cached per currency. */
export function minorUnits(currency: string): number {
  const code = String(currency).toUpperCase();
  let units = minorUnitCache.get(code);
  if (units === undefined) {
    if (!CURRENCY_CODE.test(code)) throw new RangeError(`${quote(currency)} is not a currency code (three letters, ISO 4217, e.g. USD)`);
    units = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitCache.set(code, units);
  }
  return units;
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

const MONEY_PATTERN = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;

/**
 * Parses "19.99", "-3", "1,234.50", ".5", "19.990" into integer minor units of `currency`.
 * Extra decimals are accepted only when they are zeros ("19.990" is 1999 cents); "19.995" is
 * rejected, because silently rounding a price is how ledgers drift from what the customer paid.
 * Thousands separators must be well-formed groups of three; the decimal separator is always "."
 * (machine data: channel payloads, CSV files, form fields). The empty string is not money.
 */
export function parseMoney(text: string, currency = 'USD'): MoneyParse {
  let decimals: number;
  try {
    decimals = minorUnits(currency);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const trimmed = String(text).trim();
  const match = MONEY_PATTERN.exec(trimmed);
  if (!match || (match[2] === undefined && !match[3])) return { ok: false, message: `${quote(text)} is not a money amount` };
  const [, sign, wholeText = '0', fractionText = ''] = match;
  const significantFraction = fractionText.replace(/0+$/, '');
  if (significantFraction.length > decimals) {
    return { ok: false, message: `${quote(text)} has more than ${decimals} decimal${decimals === 1 ? '' : 's'} for ${currency.toUpperCase()}` };
  }
  const minor = Number(wholeText.replace(/,/g, '') + significantFraction.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: `${quote(text)} is too large` };
  return { ok: true, minor: sign === '-' && minor !== 0 ? -minor : minor };
}

/**
 * Decimal amount → integer minor units, exactly; throws an error naming the bad value.
 * A number is taken as written (String(0.29) is "0.29"), never multiplied as a float.
 */
export function toMinor(amount: string | number, currency: string): number {
  if (typeof amount === 'number' && !Number.isFinite(amount)) throw new RangeError(`${quote(amount)} is not a money amount`);
  const parsed = parseMoney(typeof amount === 'number' ? String(amount) : amount, currency);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.minor;
}

/** Integer minor units → plain decimal text for files and APIs: "12.50", "1250" for JPY, "1.250" for KWD. */
export function fromMinor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${quote(minor)} is not a whole number of minor units`);
  const decimals = minorUnits(currency);
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return minor < 0 ? `-${text}` : text;
}

// ---- display ----

let currentLocale = DEFAULT_LOCALE;

/**
 * The locale display text uses when a caller names none. The console sets it from the shop's
 * setting when it starts (and when the owner changes it); main-process documents pass the
 * shop's locale explicitly instead, since one process may serve several databases in tests.
 */
export function displayLocale(): string {
  return currentLocale;
}

export function setDisplayLocale(locale: string): void {
  currentLocale = normaliseLocale(locale);
}

/**
 * "de-de" → "de-DE"; throws for anything Intl cannot format in (so a typo is refused in Settings
 * instead of silently falling back to English in every document).
 */
export function normaliseLocale(locale: string): string {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(String(locale).trim());
  } catch {
    throw new RangeError(`${quote(locale)} is not a locale (a language tag such as en-US, de-DE or ja-JP)`);
  }
  if (!canonical || Intl.NumberFormat.supportedLocalesOf([canonical]).length === 0) {
    throw new RangeError(`${quote(locale)} is not a locale this app can format numbers in (try en-US, de-DE or ja-JP)`);
  }
  return canonical;
}

// Constructing an Intl.NumberFormat costs ~30 µs: one per locale and currency, kept.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const countFormats = new Map<string, Intl.NumberFormat>();
const amountFormats = new Map<string, Intl.NumberFormat>();

/**
 * Integer minor units → "$1,234.56" (en-US), "1.234,56 €" (de-DE), "￥1,500" (ja-JP, JPY).
 * `currencyDisplay: 'code'` writes "USD 1,234.56" / "1.234,56 EUR": for documents in a font
 * without €, ¥ or ₩ (the PO's Helvetica).
 */
export function formatMoney(minor: number, currency: string, locale = currentLocale, options: { currencyDisplay?: 'symbol' | 'code' } = {}): string {
  const code = currency.toUpperCase();
  const currencyDisplay = options.currencyDisplay ?? 'symbol';
  const key = `${locale}|${code}|${currencyDisplay}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, currencyDisplay })));
  // The exact decimal string, not minor / 10^n: Intl formats numeric strings without float error.
  return format.format(fromMinor(Math.round(minor), code) as Intl.StringNumericLiteral);
}

/** The amount alone, in the currency's decimals and the locale's separators: "2,112.00" / "2.112,00"; for columns headed by the currency. */
export function formatAmount(minor: number, currency: string, locale = currentLocale): string {
  const decimals = minorUnits(currency);
  const key = `${locale}|${decimals}`;
  let format = amountFormats.get(key);
  if (!format) amountFormats.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return format.format(fromMinor(Math.round(minor), currency) as Intl.StringNumericLiteral);
}

/** A count with the locale's thousands separators: 60243 → "60,243" (en-US), "60.243" (de-DE). */
export function formatCount(n: number, locale = currentLocale): string {
  let format = countFormats.get(locale);
  if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })));
  return format.format(n);
}
