import type { RatesDto } from '../../../../shared/api/shipping';
import type { Core } from '../../../core';
import { labelKindOf } from '../honest-labels';
import { withFallback, type LiveRateQuote } from '../live-rates';
import { isSameService, postalAddressFrom, postalAddressTo, type PostageAccount } from './postage';
import type { OrderRating } from './rating';
import { readSetting } from './setting-rows';

/** How long rating waits for the postage provider before showing rate-card prices (setting `shipping.live_rates_timeout_ms`). */
const DEFAULT_TIMEOUT_MS = 3_000;

async function timeoutMs(core: Core): Promise<number> {
  const value = await readSetting(core.store, 'shipping.live_rates_timeout_ms');
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS;
}

/**
 * An order's rates with the postage account's live prices for its carriers. The service is still
 * chosen on the rate cards and the shop's delivery record (fast, offline, explainable); each option
 * of an account carrier then shows what the provider charges now. When the provider is slow, down
 * or offers nothing, `withFallback` gives up on it and every price stays the rate card's — marked
 * "unavailable" with the reason, so the screen can say "rate card — live rates unavailable" and the
 * packer is never blocked.
 */
export async function withLiveRates(core: Core, postage: PostageAccount, rating: OrderRating, dto: RatesDto): Promise<RatesDto> {
  const settings = await postage.settings();
  const onAccount = (carrier: string) => settings !== null && settings.carriers.includes(carrier);
  const options = dto.options.map((o) => ({ ...o, priceSource: 'rate-card' as const, labelKind: labelKindOf(o.carrier, onAccount(o.carrier)) }));
  const accountOptions = options.filter((o) => onAccount(o.carrier));
  if (!settings || accountOptions.length === 0) {
    return { ...dto, options, live: { status: 'off', provider: settings ? 'EasyPost' : null, reason: settings ? 'none of the postage account’s carriers can carry this order' : null } };
  }
  const adapter = withFallback((await postage.adapterFor(accountOptions[0].carrier))!, () => [], { timeoutMs: await timeoutMs(core) });
  const { facts } = rating;
  const quotes: LiveRateQuote[] = [];
  for (const [i, p] of rating.packages.entries()) {
    const quote = await adapter.rates({
      from: postalAddressFrom(facts.origin),
      to: postalAddressTo(facts.shipTo),
      parcel: { lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm, weightG: p.weightG },
      reference: `${facts.order.number}-rates-${i + 1}`,
    });
    if (quote.source !== 'live') return { ...dto, options, live: { status: 'unavailable', provider: 'EasyPost', reason: quote.fallbackReason ?? 'no live rates' } };
    quotes.push(quote);
  }
  const live = options.map((o) => {
    if (!onAccount(o.carrier)) return o;
    const rates = quotes.map((q) => q.rates.find((r) => isSameService(r, o.serviceKey)));
    // Every package needs the provider's price for the option to show a live total.
    if (rates.some((r) => !r) || new Set(rates.map((r) => r!.currency)).size !== 1) return o;
    return { ...o, priceCents: rates.reduce((sum, r) => sum + r!.totalCents, 0), currency: rates[0]!.currency, priceSource: 'live' as const };
  });
  return { ...dto, options: live, live: { status: 'live', provider: 'EasyPost', reason: null } };
}
