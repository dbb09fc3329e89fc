import { describe, expect, it } from 'vitest';
import { centsToDecimalText, currencyMinorUnits, parseMoney } from '../../../main/domain/orders/intake/money';

const cents = (text: string, currency = 'USD') => {
  const parsed = parseMoney(text, currency);
  return parsed.ok ? parsed.cents : parsed.message;
};

describe('parseMoney', () => {
  it('converts decimal strings to exact integer cents', () => {
    expect(cents('19.99')).toBe(1999);
    expect(cents('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(cents('4.35')).toBe(435);
    expect(cents('-3')).toBe(-300);
    expect(cents('+2.5')).toBe(250);
    expect(cents('.5')).toBe(50);
    expect(cents(' 7.10 ')).toBe(710);
    expect(cents('1,234.50')).toBe(123450);
    expect(cents('0')).toBe(0);
    expect(cents('-0.00')).toBe(0);
    expect(cents('90071992547409.91')).toBe(9007199254740991);
  });

  it('accepts trailing zero decimals but rejects a significant third decimal', () => {
    expect(cents('19.990')).toBe(1999);
    expect(cents('19.995')).toMatch(/more than 2 decimals for USD/);
    expect(cents('0.001')).toMatch(/more than 2 decimals/);
  });

  it('rejects things that are not money', () => {
    for (const bad of ['', ' ', '-', '.', '1.2.3', '12,34', '1,2345.00', '$5', '5 USD', '1e3', 'NaN', '١٢']) {
      expect(cents(bad), bad).toMatch(/not a money amount/);
    }
    expect(cents('900719925474099.12')).toMatch(/too large/);
  });

  it('follows the currency minor unit', () => {
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('kwd')).toBe(3);
    expect(cents('1500', 'JPY')).toBe(1500);
    expect(cents('1500.5', 'JPY')).toMatch(/more than 0 decimals for JPY/);
    expect(cents('1.234', 'KWD')).toBe(1234);
    expect(cents('1.2', 'KWD')).toBe(1200);
  });

  it('formats cents back to decimal text', () => {
    expect(centsToDecimalText(1999)).toBe('19.99');
    expect(centsToDecimalText(5)).toBe('0.05');
    expect(centsToDecimalText(-250)).toBe('-2.50');
    expect(centsToDecimalText(1500, 'JPY')).toBe('1500');
  });
});
