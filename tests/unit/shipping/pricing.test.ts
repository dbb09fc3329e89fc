import { describe, expect, it } from 'vitest';
import { compileRateCard, percentOfCents, priceParcel, type ShippingService } from '../../../main/domain/shipping';
import { craftedService, flatCard, parcel } from './helpers';

/** One service carrying every kind of surcharge, base price $10.00 in zone 5. */
function surchargedService(): ShippingService {
  return craftedService({
    carrierCode: 'acme',
    code: 'ground',
    surcharges: [
      { kind: 'fuel', label: 'Fuel', percentBp: 1_500 },
      { kind: 'residential', label: 'Residential', amountCents: 500, subjectToFuel: true },
      { kind: 'deliveryArea', label: 'Delivery area', amountCents: 300, subjectToFuel: true, postalPrefixes: ['995', '2000'] },
      { kind: 'oversize', label: 'Additional handling', amountCents: 2_000, subjectToFuel: false, longestSideOverMm: 1_219, actualWeightOverG: 22_679 },
      { kind: 'oversize', label: 'Large package', amountCents: 9_000, subjectToFuel: true, lengthPlusGirthOverMm: 3_302, minBillableWeightG: 20_000 },
    ],
  });
}

function price(service: ShippingService, pkg = parcel(), fuelPercentBp?: number) {
  const card = compileRateCard({
    serviceKey: 'acme:ground',
    currency: 'USD',
    rows: [
      { zone: '5', maxWeightG: 5_000, priceCents: 1_000 },
      { zone: '5', maxWeightG: 25_000, priceCents: 4_000 },
    ],
  });
  return priceParcel(pkg, service, '5', card, { fuelPercentBp });
}

describe('surcharges', () => {
  it('base only plus fuel on a commercial, normal parcel', () => {
    const r = price(surchargedService(), parcel({ destination: { country: 'US', postalCode: '30301' } }));
    expect(r.ok && r.quote.lines).toEqual([
      { code: 'base', label: 'acme ground zone 5', amountCents: 1_000 },
      { code: 'fuel', label: 'Fuel 15.00%', amountCents: 150 },
    ]);
    expect(r.ok && r.quote.totalCents).toBe(1_150);
  });

  it('residential and delivery-area surcharges are fuel-bearing', () => {
    const r = price(surchargedService(), parcel({ destination: { country: 'US', postalCode: '99501', residential: true } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.lines.map((l) => [l.code, l.amountCents])).toEqual([
      ['base', 1_000],
      ['residential', 500],
      ['deliveryArea', 300],
      ['fuel', 270], // 15 % of 1800
    ]);
    expect(r.quote.totalCents).toBe(2_070);
  });

  it('delivery area matches prefixes of any length (4-digit prefix 2000 matches 20001)', () => {
    const r = price(surchargedService());
    expect(r.ok && r.quote.lines.some((l) => l.code === 'deliveryArea')).toBe(true);
  });

  it('additional handling by longest side is not fuel-bearing here', () => {
    const r = price(surchargedService(), parcel({ lengthMm: 1_300, destination: { country: 'US', postalCode: '30301' } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.lines.map((l) => [l.code, l.amountCents])).toEqual([
      ['base', 1_000],
      ['oversize', 2_000],
      ['fuel', 150],
    ]);
  });

  it('additional handling by actual weight', () => {
    const r = price(surchargedService(), parcel({ weightG: 23_000, destination: { country: 'US', postalCode: '30301' } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.lines.find((l) => l.label === 'Additional handling')?.amountCents).toBe(2_000);
  });

  it('large package raises the billable weight to its minimum before the base price is read', () => {
    const r = price(surchargedService(), parcel({ lengthMm: 1_100, widthMm: 600, heightMm: 600, weightG: 3_000, destination: { country: 'US', postalCode: '30301' } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.weight.billableWeightG).toBe(20_000);
    expect(r.quote.lines.map((l) => [l.label, l.amountCents])).toEqual([
      ['acme ground zone 5', 4_000],
      ['Large package', 9_000],
      ['Fuel 15.00%', 1_950], // 15 % of (4000 + 9000)
    ]);
  });

  it('signature and insurance are their own lines; insurance counts started $100 above the included $100', () => {
    const r = price(surchargedService(), parcel({ signatureRequired: true, insuredValueCents: 35_000, destination: { country: 'US', postalCode: '30301' } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.lines.map((l) => [l.code, l.amountCents])).toEqual([
      ['base', 1_000],
      ['signature', 700],
      ['insurance', 450], // 250 $ over → 3 × 1.50
      ['fuel', 150],
    ]);
    expect(r.quote.totalCents).toBe(2_300);
  });

  it("this week's fuel percentage overrides the catalog's", () => {
    const r = price(surchargedService(), parcel({ destination: { country: 'US', postalCode: '30301' } }), 1_425);
    expect(r.ok && r.quote.lines[1]).toEqual({ code: 'fuel', label: 'Fuel 14.25%', amountCents: 143 }); // 142.5 rounds half up
  });

  it('fuel rounding is half up on whole cents', () => {
    expect(percentOfCents(1_000, 1_425)).toBe(143);
    expect(percentOfCents(999, 1_000)).toBe(100);
    expect(percentOfCents(994, 1_000)).toBe(99);
  });

  it('the breakdown always sums to the total', () => {
    const r = price(surchargedService(), parcel({ signatureRequired: true, insuredValueCents: 99_999, destination: { country: 'US', postalCode: '99501', residential: true } }));
    if (!r.ok) throw new Error(r.ineligible.message);
    expect(r.quote.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(r.quote.totalCents);
    expect(r.quote.lines.every((l) => Number.isInteger(l.amountCents))).toBe(true);
  });
});

describe('eligibility', () => {
  const s = craftedService({ carrierCode: 'acme', code: 'small', maxWeightG: 2_000, maxLengthMm: 600, maxLengthPlusGirthMm: 1_500 });
  const card = compileRateCard(flatCard(s, 500, ['5'], 2_000));
  const check = (pkg = parcel()) => {
    const r = priceParcel(pkg, s, '5', card);
    return r.ok ? 'ok' : r.ineligible.code;
  };

  it('rejects with a reason for each limit', () => {
    expect(check()).toBe('ok');
    expect(check(parcel({ weightG: 2_001 }))).toBe('over-max-weight');
    expect(check(parcel({ lengthMm: 601 }))).toBe('over-max-length');
    expect(check(parcel({ lengthMm: 600, widthMm: 300, heightMm: 160 }))).toBe('over-max-length-plus-girth');
    expect(check(parcel({ destination: { country: 'CA', postalCode: 'K1A 0B1' } }))).toBe('destination-country');
  });

  it('explains the reason in words', () => {
    const r = priceParcel(parcel({ weightG: 2_500 }), s, '5', card);
    expect(!r.ok && r.ineligible.message).toBe("2500 g is over acme small's 2000 g limit");
  });

  it('no card, zone missing from the card, above the card, signature/insurance not offered', () => {
    expect((() => { const r = priceParcel(parcel(), s, '5', undefined); return r.ok ? 'ok' : r.ineligible.code; })()).toBe('no-rate-card');
    expect((() => { const r = priceParcel(parcel(), s, '7', card); return r.ok ? 'ok' : r.ineligible.code; })()).toBe('zone-not-on-card');
    const tiny = compileRateCard(flatCard(s, 500, ['5'], 500));
    expect((() => { const r = priceParcel(parcel(), s, '5', tiny); return r.ok ? 'ok' : r.ineligible.code; })()).toBe('over-card-max-weight');
    const bare = { ...s, signature: { available: false, priceCents: 0 }, insurance: { available: false, includedValueCents: 0, pricePerHundredCents: 0, maxValueCents: 0 } };
    expect((() => { const r = priceParcel(parcel({ signatureRequired: true }), bare, '5', card); return r.ok ? 'ok' : r.ineligible.code; })()).toBe('signature-unavailable');
    expect((() => { const r = priceParcel(parcel({ insuredValueCents: 5_000 }), bare, '5', card); return r.ok ? 'ok' : r.ineligible.code; })()).toBe('insurance-unavailable');
  });
});
