import { formatMoney } from '../../../shared/money';

/**
 * Money in the planner's sentences ("+4 to reach Acme's $150.00 order minimum"): shared/money,
 * which keeps one Intl.NumberFormat per locale and currency (constructing one costs ~30 µs, which
 * across a 100,000-SKU plan would be seconds), with the currency's own decimals.
 */
export function moneyText(cents: number, currency = 'USD'): string {
  return formatMoney(cents, currency);
}
