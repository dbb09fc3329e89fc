/**
 * The console's amount fields read what the owner types in the currency's own decimals, through
 * shared/money: a yen cost of "250" is ¥250 (not 25,000 "cents"), a dinar freight "1.250" is 1250 fils.
 */
import { describe, expect, it } from 'vitest';
import { parseCents } from '../../../renderer/src/components/orders/order-format';
import { centsToDecimal, decimalToCents } from '../../../renderer/src/components/purchasing/format';

describe('amount fields', () => {
  it('parse in the currency’s decimals, exactly', () => {
    expect(decimalToCents('2.50')).toBe(250);
    expect(decimalToCents('0.29', 'EUR')).toBe(29);
    expect(decimalToCents('250', 'JPY')).toBe(250);
    expect(decimalToCents('2.5', 'JPY')).toBeNull();
    expect(decimalToCents('1.250', 'KWD')).toBe(1250);
    expect(decimalToCents('-1')).toBeNull();
    expect(decimalToCents('abc')).toBeNull();
    expect(parseCents('12,50')).toBe(1250); // a decimal comma
    expect(parseCents('1500', 'JPY')).toBe(1500);
    expect(parseCents('12.505')).toBeNull();
  });

  it('write back what the field showed', () => {
    expect(centsToDecimal(250)).toBe('2.50');
    expect(centsToDecimal(250, 'JPY')).toBe('250');
    expect(centsToDecimal(1250, 'KWD')).toBe('1.250');
  });
});
