/**
 * shared/money.ts, the one money module: each currency's own decimals (from Intl), exact parsing
 * and decimal text for files, and display in the shop's locale.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, displayLocale, formatAmount, formatCount, formatMoney, fromMinor, minorUnits, normaliseLocale, parseMoney, setDisplayLocale, toMinor } from '../../../shared/money';
import { formatMoney as unitsFormatMoney } from '../../../shared/units';

// Intl separates with a no-break (or narrow no-break) space in some locales: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => setDisplayLocale(DEFAULT_LOCALE));

describe('minor units per currency', () => {
  it('come from Intl: USD and EUR 2, JPY 0, KWD 3, any case', () => {
    expect([minorUnits('USD'), minorUnits('EUR'), minorUnits('JPY'), minorUnits('KWD'), minorUnits('kwd')]).toEqual([2, 2, 0, 3, 3]);
  });

  it('refuse something that is not a currency code, naming it', () => {
    expect(() => minorUnits('US')).toThrow('"US" is not a currency code');
    expect(() => minorUnits('')).toThrow('"" is not a currency code');
  });
});

describe('toMinor: decimal amount → integer minor units, exactly', () => {
  it('USD and EUR: two decimals, no float error', () => {
    expect(toMinor('12.50', 'USD')).toBe(1250);
    expect(toMinor('0.29', 'USD')).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(toMinor(0.29, 'EUR')).toBe(29);
    expect(toMinor(19.99, 'USD')).toBe(1999);
    expect(toMinor('1,234.56', 'EUR')).toBe(123456);
    expect(toMinor('-3', 'USD')).toBe(-300);
    expect(toMinor('19.990', 'USD')).toBe(1999);
  });

  it('JPY has no minor unit; KWD has three decimals', () => {
    expect(toMinor('1250', 'JPY')).toBe(1250);
    expect(toMinor(1250, 'JPY')).toBe(1250);
    expect(toMinor('1.250', 'KWD')).toBe(1250);
    expect(toMinor('1.25', 'KWD')).toBe(1250);
    expect(toMinor('0.005', 'KWD')).toBe(5);
  });

  it('refuses bad input with an error naming the value', () => {
    expect(() => toMinor('12.505', 'USD')).toThrow('"12.505" has more than 2 decimals for USD');
    expect(() => toMinor('1250.5', 'JPY')).toThrow('"1250.5" has more than 0 decimals for JPY');
    expect(() => toMinor('1.2345', 'KWD')).toThrow('"1.2345" has more than 3 decimals for KWD');
    for (const bad of ['', 'abc', '$5', '5 USD', '1e3', '12,34', '1.2.3']) expect(() => toMinor(bad, 'USD'), bad).toThrow(`"${bad}" is not a money amount`);
    expect(() => toMinor(Number.NaN, 'USD')).toThrow('"NaN" is not a money amount');
    expect(() => toMinor(1e21, 'USD')).toThrow('not a money amount');
    expect(() => toMinor('900719925474099.12', 'USD')).toThrow('too large');
    expect(() => toMinor('5', 'DOLLARS')).toThrow('"DOLLARS" is not a currency code');
    expect(parseMoney('x', 'USD')).toEqual({ ok: false, message: '"x" is not a money amount' });
  });
});

describe('fromMinor: integer minor units → decimal text for files', () => {
  it('writes each currency with its own decimals', () => {
    expect(fromMinor(1250, 'USD')).toBe('12.50');
    expect(fromMinor(5, 'EUR')).toBe('0.05');
    expect(fromMinor(-250, 'USD')).toBe('-2.50');
    expect(fromMinor(1250, 'JPY')).toBe('1250');
    expect(fromMinor(1250, 'KWD')).toBe('1.250');
    expect(fromMinor(-5, 'KWD')).toBe('-0.005');
    expect(fromMinor(0, 'JPY')).toBe('0');
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => fromMinor(12.5, 'USD')).toThrow('"12.5" is not a whole number of minor units');
  });

  it('round-trips every amount in every kind of currency', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'), (minor, currency) => {
        expect(toMinor(fromMinor(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('formatMoney and formatCount in the shop locale', () => {
  it('en-US', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(150000, 'JPY', 'en-US')).toBe('¥150,000');
    expect(plain(formatMoney(1250, 'KWD', 'en-US'))).toBe('KWD 1.250');
    expect(formatMoney(-250, 'USD', 'en-US')).toBe('-$2.50');
    expect(formatCount(60243, 'en-US')).toBe('60,243');
  });

  it('de-DE: "1.234,56 €"', () => {
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(plain(formatMoney(1250, 'KWD', 'de-DE'))).toBe('1,250 KWD');
    expect(formatCount(60243, 'de-DE')).toBe('60.243');
  });

  it('ja-JP: yen without decimals', () => {
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toBe('￥1,500');
    expect(formatMoney(123456, 'USD', 'ja-JP')).toBe('$1,234.56');
  });

  it('formatAmount: the amount alone, for a column headed by the currency', () => {
    expect(formatAmount(211200, 'USD', 'en-US')).toBe('2,112.00');
    expect(formatAmount(211200, 'EUR', 'de-DE')).toBe('2.112,00');
    expect(formatAmount(211200, 'JPY', 'en-US')).toBe('211,200');
    expect(formatAmount(1250, 'KWD', 'en-US')).toBe('1.250');
  });

  it('never goes through a float: the largest amounts print exactly', () => {
    expect(formatMoney(9007199254740991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('defaults to the display locale, which the old helpers follow too', () => {
    expect(displayLocale()).toBe('en-US');
    expect(unitsFormatMoney(150000, 'JPY')).toBe('¥150,000'); // was "¥1,500": divided by 100 for every currency
    setDisplayLocale('de-de');
    expect(displayLocale()).toBe('de-DE');
    expect(plain(formatMoney(123456, 'EUR'))).toBe('1.234,56 €');
    expect(plain(unitsFormatMoney(123456, 'EUR'))).toBe('1.234,56 €');
    expect(formatCount(1234567)).toBe('1.234.567');
  });

  it('refuses a locale Intl cannot format in, naming it', () => {
    expect(normaliseLocale(' ja-jp ')).toBe('ja-JP');
    expect(() => normaliseLocale('not a locale')).toThrow('"not a locale" is not a locale');
    expect(() => setDisplayLocale('')).toThrow('"" is not a locale');
  });
});

describe('rate cards in the card’s currency', () => {
  it('a yen card’s "750" is ¥750 and writes back as "750"; a dinar card takes three decimals', async () => {
    const { parseRateCardCsv, rateCardToCsv } = await import('../../../main/domain/shipping/rate-card');
    const yen = parseRateCardCsv('usps:priority', 'zone,max_weight_g,price\n5,2000,750\n5,10000,1200\n', 'JPY');
    expect(yen.ok && yen.value.rows.map((r) => r.priceCents)).toEqual([750, 1200]);
    expect(yen.ok && rateCardToCsv(yen.value)).toBe('zone,max_weight_g,price\n5,2000,750\n5,10000,1200\n');
    const bad = parseRateCardCsv('usps:priority', 'zone,max_weight_g,price\n5,2000,7.5\n', 'JPY');
    expect(bad.errors[0]?.message).toBe('price has decimals (got "7.5"); JPY has none');
    const dinar = parseRateCardCsv('usps:priority', 'zone,max_weight_g,price\n5,2000,1.250\n', 'KWD');
    expect(dinar.ok && dinar.value.rows[0].priceCents).toBe(1250);
  });
});
