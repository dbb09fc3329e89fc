import { describe, expect, it } from 'vitest';
import { compileShippingTables, dryRunRules, servicesAfterRules, shopRates, type RuleSubject, type ShippingRule } from '../../../main/domain/shipping';
import { craftedService, flatCard, parcel, singleZoneChart } from './helpers';

const subject = (overrides: Partial<RuleSubject> = {}): RuleSubject => ({
  destination: { country: 'US', postalCode: '99501', state: 'AK' },
  weightG: 1_200,
  channel: 'shopify',
  tags: ['gift'],
  orderValueCents: 25_000,
  skus: ['MUG-01', 'TEA-02'],
  ...overrides,
});

const rules: ShippingRule[] = [
  { id: 'r-off', name: 'Old promo', enabled: false, conditions: {}, actions: [{ type: 'forceService', serviceKey: 'slow:ground' }] },
  { id: 'r-ak', name: 'Alaska never by Slow Ground', enabled: true, conditions: { destinationStates: ['AK', 'HI'] }, actions: [{ type: 'neverUseService', serviceKey: 'slow:ground' }] },
  { id: 'r-fragile', name: 'Mugs in the mug box', enabled: true, conditions: { skusAny: ['MUG-01'], weightG: { max: 2_000 } }, actions: [{ type: 'setBox', boxCode: 'MUG-BOX' }] },
  {
    id: 'r-value',
    name: 'Insure and sign above $200',
    enabled: true,
    conditions: { orderValueCents: { min: 20_000 } },
    actions: [{ type: 'addInsurance' }, { type: 'requireSignature' }, { type: 'setBox', boxCode: 'STURDY' }],
  },
  { id: 'r-wholesale', name: 'Wholesale by Mid', enabled: true, conditions: { channels: ['wholesale'] }, actions: [{ type: 'forceService', serviceKey: 'mid:two' }], stopAfterMatch: true },
  { id: 'r-everything', name: 'Catch-all', enabled: true, conditions: {}, actions: [{ type: 'setBox', boxCode: 'DEFAULT' }] },
];

describe('automation rules', () => {
  it('dry run explains which rules fired and why, in order', () => {
    const outcome = dryRunRules(rules, subject());
    expect(outcome.fired).toEqual(['r-ak', 'r-fragile', 'r-value', 'r-everything']);
    expect(outcome).toMatchObject({
      forcedServiceKey: null,
      boxCode: 'MUG-BOX', // first rule that sets a box wins
      insuredValueCents: 25_000, // the order value, as no amount was given
      signatureRequired: true,
      neverUseServiceKeys: ['slow:ground'],
      conflicts: [],
    });
    const byId = Object.fromEntries(outcome.trace.map((t) => [t.ruleId, t]));
    expect(byId['r-off'].explanation).toEqual(['rule is disabled']);
    expect(byId['r-ak'].explanation).toEqual(['state AK is in [AK, HI]']);
    expect(byId['r-fragile'].explanation).toEqual(['weight 1200 g is ≤ 2000 g', 'order contains MUG-01']);
    expect(byId['r-value'].shadowed).toEqual([{ type: 'setBox', boxCode: 'STURDY' }]);
    expect(byId['r-wholesale']).toMatchObject({ matched: false, explanation: ['channel shopify is not in [wholesale]'] });
    expect(byId['r-everything'].explanation).toEqual(['no conditions: matches every order']);
  });

  it('stopAfterMatch ends evaluation (first-match for that rule)', () => {
    const outcome = dryRunRules(rules, subject({ channel: 'wholesale', destination: { country: 'US', postalCode: '10001', state: 'NY' }, skus: [], orderValueCents: 5_000 }));
    expect(outcome.fired).toEqual(['r-wholesale']);
    expect(outcome.forcedServiceKey).toBe('mid:two');
    expect(outcome.boxCode).toBeNull(); // the catch-all below never ran
  });

  it('matches postal prefixes and countries case-insensitively', () => {
    const r: ShippingRule[] = [{ id: 'ca', name: 'Canada', enabled: true, conditions: { destinationCountries: ['ca'], destinationPostalPrefixes: ['k1a'] }, actions: [{ type: 'requireSignature' }] }];
    expect(dryRunRules(r, subject({ destination: { country: 'CA', postalCode: 'K1A 0B1' } })).signatureRequired).toBe(true);
    expect(dryRunRules(r, subject({ destination: { country: 'CA', postalCode: 'M5V 2T6' } })).trace[0].explanation).toEqual(['postal code M5V2T6 starts with none of [k1a]']);
  });

  it('a rule that forbids a service removes it before shopping, even when it is the cheapest', () => {
    const slow = craftedService({ carrierCode: 'slow', code: 'ground', name: 'Slow Ground' });
    const mid = craftedService({ carrierCode: 'mid', code: 'two', name: 'Mid Two Day' });
    const services = [slow, mid];
    const tables = compileShippingTables({
      services,
      zoneCharts: [singleZoneChart('slow'), singleZoneChart('mid')],
      rateCards: [flatCard(slow, 500), flatCard(mid, 1_500)],
    });
    const ctx = { tables, origin: { country: 'US', postalCode: '10001' }, shipAt: '2025-03-10T10:00' };
    expect(shopRates(parcel(), services, ctx).recommended?.serviceKey).toBe('slow:ground');

    const outcome = dryRunRules(rules, subject());
    const { candidates, excluded } = servicesAfterRules(services, outcome);
    expect(excluded).toEqual([{ serviceKey: 'slow:ground', reason: 'a rule says never to use this service' }]);
    const r = shopRates(parcel({ insuredValueCents: outcome.insuredValueCents ?? undefined, signatureRequired: outcome.signatureRequired }), candidates, ctx);
    expect(r.options.map((o) => o.serviceKey)).toEqual(['mid:two']);
    expect(r.options[0].breakdown.map((l) => l.code)).toEqual(['base', 'signature', 'insurance']);
  });

  it('a forced service narrows the candidates; a forced-but-banned service is reported, not used', () => {
    const a = craftedService({ carrierCode: 'a', code: 'x' });
    const b = craftedService({ carrierCode: 'b', code: 'x' });
    const forced = dryRunRules([{ id: 'f', name: 'Force b', enabled: true, conditions: {}, actions: [{ type: 'forceService', serviceKey: 'b:x' }] }], subject());
    expect(servicesAfterRules([a, b], forced).candidates.map((s) => s.carrierCode)).toEqual(['b']);

    const conflicting = dryRunRules(
      [
        { id: 'f', name: 'Force b', enabled: true, conditions: {}, actions: [{ type: 'forceService', serviceKey: 'b:x' }] },
        { id: 'n', name: 'Never b', enabled: true, conditions: {}, actions: [{ type: 'neverUseService', serviceKey: 'b:x' }] },
      ],
      subject(),
    );
    expect(conflicting.conflicts).toHaveLength(1);
    expect(servicesAfterRules([a, b], conflicting).candidates.map((s) => s.carrierCode)).toEqual(['a']);
  });
});
