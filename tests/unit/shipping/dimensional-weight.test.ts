import { describe, expect, it } from 'vitest';
import {
  billableWeight,
  dimensionalWeightG,
  findBuiltInService,
  lengthPlusGirthMm,
  poundsToBracketG,
  roundSideToUnit,
  roundUpWeightG,
  type ShippingService,
} from '../../../main/domain/shipping';

const service = (key: string): ShippingService => {
  const s = findBuiltInService(key);
  if (!s) throw new Error(`no built-in ${key}`);
  return s;
};

describe('unit conversions are exact', () => {
  it('brackets for whole pounds never exceed the pound (1 lb = 453.59237 g)', () => {
    expect(poundsToBracketG(1)).toBe(453);
    expect(poundsToBracketG(2)).toBe(907);
    expect(poundsToBracketG(70)).toBe(31_751);
    expect(poundsToBracketG(150)).toBe(68_038);
  });

  it('rounds sides to whole inches (nearest, half up) and centimetres (up)', () => {
    expect(roundSideToUnit(305, 'in', 'nearest')).toBe(12); // 12.008 in
    expect(roundSideToUnit(203, 'in', 'nearest')).toBe(8); // 7.99 in
    expect(roundSideToUnit(127, 'in', 'nearest')).toBe(5); // exactly 5.0
    expect(roundSideToUnit(140, 'in', 'nearest')).toBe(6); // 5.51 in
    expect(roundSideToUnit(139, 'in', 'nearest')).toBe(5); // 5.47 in
    expect(roundSideToUnit(255, 'in', 'up')).toBe(11);
    expect(roundSideToUnit(401, 'cm', 'up')).toBe(41);
    expect(roundSideToUnit(2, 'in', 'nearest')).toBe(1); // never a zero side
  });

  it('computes unrounded dim weight from mm³ without float error (10 in cube / 139 = 7.194 lb)', () => {
    const g = dimensionalWeightG({ lengthMm: 254, widthMm: 254, heightMm: 254 }, { lengthUnit: 'in', divisor: 139, dimensionRounding: 'none' });
    // 1000 in³ × 453.59237 g / 139 = 3263.25 g → rounded up to the gram
    expect(g).toBe(3264);
  });

  it('rounds weights up per tier', () => {
    const wholeLb = [{ unit: 'lb' as const, step: 1 }];
    expect(roundUpWeightG(453, wholeLb)).toBe(453);
    expect(roundUpWeightG(454, wholeLb)).toBe(907);
    expect(roundUpWeightG(1, wholeLb)).toBe(453);
    expect(roundUpWeightG(0, wholeLb)).toBe(453); // at least one step
    const halfKg = [{ unit: 'g' as const, step: 500 }];
    expect(roundUpWeightG(501, halfKg)).toBe(1000);
    expect(roundUpWeightG(500, halfKg)).toBe(500);
    const halfLb = [{ unit: 'oz' as const, step: 8 }];
    expect(roundUpWeightG(300, halfLb)).toBe(453); // 10.6 oz → 16 oz
  });

  it('length plus girth uses the longest side as length', () => {
    expect(lengthPlusGirthMm({ lengthMm: 100, widthMm: 600, heightMm: 200 })).toBe(600 + 2 * (100 + 200));
  });
});

describe('billable weight per carrier', () => {
  const box12x10x8 = { lengthMm: 305, widthMm: 254, heightMm: 203 }; // 960 in³

  it('UPS Ground: divisor 139, whole-inch sides, whole pounds', () => {
    const w = billableWeight({ ...box12x10x8, weightG: 1000 }, service('ups:ground'));
    // 960 / 139 = 6.906 lb → dim 3133 g; billable 7 lb = 3175 g
    expect(w).toEqual({ actualWeightG: 1000, dimWeightG: 3133, billableWeightG: 3175, dimApplied: true });
  });

  it('UPS Ground: heavy parcel bills on actual weight', () => {
    const w = billableWeight({ ...box12x10x8, weightG: 5000 }, service('ups:ground'));
    expect(w.dimApplied).toBe(false);
    expect(w.billableWeightG).toBe(poundsToBracketG(12)); // 11.02 lb → 12 lb
  });

  it('FedEx uses the same 139 divisor', () => {
    expect(billableWeight({ ...box12x10x8, weightG: 1000 }, service('fedex:ground')).billableWeightG).toBe(3175);
  });

  it('USPS: no dim weight at or below 1 ft³ (1728 in³)', () => {
    const w = billableWeight({ ...box12x10x8, weightG: 1000 }, service('usps:priority'));
    expect(w).toEqual({ actualWeightG: 1000, dimWeightG: 0, billableWeightG: 1360, dimApplied: false }); // 2.2 lb → 3 lb
    // exactly 12×12×12 in = 1728 in³ is not "over 1 ft³"
    expect(billableWeight({ lengthMm: 305, widthMm: 305, heightMm: 305, weightG: 500 }, service('usps:priority')).dimApplied).toBe(false);
  });

  it('USPS: divisor 166 above 1 ft³', () => {
    const w = billableWeight({ lengthMm: 356, widthMm: 356, heightMm: 356, weightG: 2000 }, service('usps:priority'));
    // 14×14×14 = 2744 in³ / 166 = 16.53 lb → 17 lb
    expect(w.dimWeightG).toBe(7498);
    expect(w.billableWeightG).toBe(poundsToBracketG(17));
  });

  it('USPS Ground Advantage prices by the ounce under 1 lb', () => {
    const ga = service('usps:ground_advantage');
    expect(billableWeight({ lengthMm: 200, widthMm: 150, heightMm: 50, weightG: 200 }, ga).billableWeightG).toBe(226); // 7.05 oz → 8 oz
    expect(billableWeight({ lengthMm: 200, widthMm: 150, heightMm: 50, weightG: 453 }, ga).billableWeightG).toBe(453); // 15.98 oz → 16 oz
    expect(billableWeight({ lengthMm: 200, widthMm: 150, heightMm: 50, weightG: 454 }, ga).billableWeightG).toBe(907); // over 1 lb → 2 lb
  });

  it('DHL Express: 5000 cm³/kg, sides rounded up to the cm, 0.5 kg steps', () => {
    const w = billableWeight({ lengthMm: 401, widthMm: 300, heightMm: 200, weightG: 3000 }, service('dhl:express_worldwide'));
    // 41 × 30 × 20 = 24 600 cm³ / 5000 = 4.92 kg → 5.0 kg
    expect(w).toEqual({ actualWeightG: 3000, dimWeightG: 4920, billableWeightG: 5000, dimApplied: true });
  });

  it('local courier: no dim weight, whole kilograms', () => {
    const w = billableWeight({ lengthMm: 900, widthMm: 900, heightMm: 900, weightG: 1200 }, service('local:same_day'));
    expect(w).toEqual({ actualWeightG: 1200, dimWeightG: 0, billableWeightG: 2000, dimApplied: false });
  });
});
