import { describe, expect, it } from 'vitest';
import { chooseFulfilmentLocation, type WarehouseCandidate } from '../../../main/domain/orders/logic/allocation';
import { greatCircleKm, postalPrefixDistance } from '../../../main/domain/orders/logic/warehouse-distance';

const lines = [
  { lineId: 'L1', sku: 'TEE-RED-M', quantity: 2 },
  { lineId: 'L2', sku: 'TOTE', quantity: 1 },
  { lineId: 'L3', sku: 'MUG', quantity: 1 },
];
const sanFrancisco = { postalCode: '94107', countryCode: 'US', latitude: 37.7697, longitude: -122.3933 };

const berkeley: WarehouseCandidate = { code: 'BRK', postalCode: '94710', countryCode: 'US', latitude: 37.8715, longitude: -122.273, costCents: 450, availableBySku: { 'TEE-RED-M': 5, TOTE: 3, MUG: 1 } };
const reno: WarehouseCandidate = { code: 'RNO', postalCode: '89502', countryCode: 'US', latitude: 39.5296, longitude: -119.8138, costCents: 300, availableBySku: { 'TEE-RED-M': 50, TOTE: 50, MUG: 50 } };
const newark: WarehouseCandidate = { code: 'EWR', postalCode: '07102', countryCode: 'US', latitude: 40.7357, longitude: -74.1724, costCents: 250, availableBySku: { 'TEE-RED-M': 50, TOTE: 0, MUG: 50 } };

describe('chooseFulfilmentLocation', () => {
  it('picks the only warehouse that can ship every line', () => {
    const decision = chooseFulfilmentLocation({ lines, warehouses: [newark, berkeley], destination: sanFrancisco, allowSplit: true });
    expect(decision.kind).toBe('single');
    expect(decision.warehouseCodes).toEqual(['BRK']);
    expect(decision.explanation).toBe('Chose BRK: the only warehouse with all 3 lines; 15 km from 94107');
    expect(decision.assignments).toEqual(lines.map((line) => ({ lineId: line.lineId, sku: line.sku, warehouseCode: 'BRK', quantity: line.quantity })));
    const ewr = decision.warehouseReasons.find((reason) => reason.warehouseCode === 'EWR')!;
    expect(ewr).toMatchObject({ canShipAll: false, chosen: false, missing: [{ sku: 'TOTE', needed: 1, available: 0 }] });
    expect(ewr.reason).toMatch(/short of TOTE \(need 1, have 0\)/);
  });

  it('chooses the nearest of several complete warehouses, even when it costs more', () => {
    const decision = chooseFulfilmentLocation({ lines, warehouses: [reno, berkeley], destination: sanFrancisco, allowSplit: false });
    expect(decision.warehouseCodes).toEqual(['BRK']);
    expect(decision.explanation).toMatch(/^Chose BRK: nearest of 2 warehouses with all 3 lines; 15 km from 94107 \(next: RNO, 297 km/);
  });

  it('breaks a distance tie on cost', () => {
    const twin: WarehouseCandidate = { ...berkeley, code: 'BRK2', costCents: 400 };
    const decision = chooseFulfilmentLocation({ lines, warehouses: [berkeley, twin], destination: sanFrancisco, allowSplit: false });
    expect(decision.warehouseCodes).toEqual(['BRK2']);
    expect(decision.explanation).toMatch(/as near as BRK .* and cheaper \(cost 400 vs 450\)/);
  });

  it('falls back to ZIP3 distance when coordinates are missing', () => {
    const noCoordinates = { postalCode: '94107', countryCode: 'US' };
    const decision = chooseFulfilmentLocation({ lines, warehouses: [reno, berkeley], destination: noCoordinates, allowSplit: false });
    expect(decision.warehouseCodes).toEqual(['BRK']);
    expect(decision.warehouseReasons.map((reason) => reason.distance)).toEqual([
      { basis: 'postal_prefix', value: 46 },
      { basis: 'postal_prefix', value: 6 },
    ]);
  });

  it('splits across the fewest warehouses when allowed', () => {
    const teesOnly: WarehouseCandidate = { code: 'A', postalCode: '94110', countryCode: 'US', costCents: 100, availableBySku: { 'TEE-RED-M': 2 } };
    const toteAndMug: WarehouseCandidate = { code: 'B', postalCode: '10001', countryCode: 'US', costCents: 100, availableBySku: { TOTE: 1, MUG: 1 } };
    const mugOnly: WarehouseCandidate = { code: 'C', postalCode: '94109', countryCode: 'US', costCents: 100, availableBySku: { MUG: 1 } };
    const decision = chooseFulfilmentLocation({ lines, warehouses: [mugOnly, teesOnly, toteAndMug], destination: { postalCode: '94107', countryCode: 'US' }, allowSplit: true });
    expect(decision.kind).toBe('split');
    expect(decision.warehouseCodes.sort()).toEqual(['A', 'B']);
    expect(decision.assignments).toHaveLength(3);
    expect(decision.explanation).toMatch(/^Split across 2 warehouses .*no single warehouse has all 3 lines/);
  });

  it('splits one line between warehouses when no warehouse has enough of it', () => {
    const a: WarehouseCandidate = { code: 'A', countryCode: 'US', postalCode: '94110', costCents: 1, availableBySku: { X: 3 } };
    const b: WarehouseCandidate = { code: 'B', countryCode: 'US', postalCode: '94111', costCents: 1, availableBySku: { X: 4 } };
    const decision = chooseFulfilmentLocation({ lines: [{ lineId: 'L', sku: 'X', quantity: 6 }], warehouses: [a, b], destination: { postalCode: '94107', countryCode: 'US' }, allowSplit: true });
    expect(decision.kind).toBe('split');
    expect(decision.assignments).toEqual([
      { lineId: 'L', sku: 'X', warehouseCode: 'B', quantity: 4 },
      { lineId: 'L', sku: 'X', warehouseCode: 'A', quantity: 2 },
    ]);
  });

  it('backorders when splitting is off and no warehouse has everything', () => {
    const decision = chooseFulfilmentLocation({ lines, warehouses: [newark, { ...berkeley, availableBySku: { TOTE: 1 } }], destination: sanFrancisco, allowSplit: false });
    expect(decision.kind).toBe('backorder');
    expect(decision.assignments).toEqual([]);
    expect(decision.explanation).toBe('Backordered: no single warehouse has all 3 lines and splitting is off');
  });

  it('backorders when even all warehouses together are short, naming what is missing', () => {
    const decision = chooseFulfilmentLocation({ lines: [...lines, { lineId: 'L4', sku: 'TOTE', quantity: 3 }], warehouses: [newark, berkeley], destination: sanFrancisco, allowSplit: true });
    expect(decision.kind).toBe('backorder');
    expect(decision.shortfalls).toEqual([{ sku: 'TOTE', needed: 4, available: 3 }]);
    expect(decision.explanation).toBe('Backordered: all warehouses together are short of TOTE (need 4, have 3)');
    expect(chooseFulfilmentLocation({ lines, warehouses: [], destination: sanFrancisco, allowSplit: true }).explanation).toMatch(/no warehouses/);
  });

  it('ignores negative availability and rejects bad quantities', () => {
    const oversold: WarehouseCandidate = { ...reno, availableBySku: { 'TEE-RED-M': -3, TOTE: 5, MUG: 5 } };
    expect(chooseFulfilmentLocation({ lines, warehouses: [oversold], destination: sanFrancisco, allowSplit: true }).kind).toBe('backorder');
    expect(() => chooseFulfilmentLocation({ lines: [{ lineId: 'L', sku: 'X', quantity: 1.5 }], warehouses: [reno], destination: sanFrancisco, allowSplit: true })).toThrow(/positive whole/);
  });
});

describe('warehouse distance', () => {
  it('computes great-circle kilometres and postal prefix distances', () => {
    expect(Math.round(greatCircleKm({ countryCode: 'US', latitude: 40.7128, longitude: -74.006 }, { countryCode: 'GB', latitude: 51.5074, longitude: -0.1278 }))).toBe(5570);
    expect(postalPrefixDistance({ countryCode: 'US', postalCode: '94710' }, { countryCode: 'US', postalCode: '94107' })).toBe(6);
    expect(postalPrefixDistance({ countryCode: 'CA', postalCode: 'M5V 2T6' }, { countryCode: 'CA', postalCode: 'M5V3L9' })).toBe(0);
    expect(postalPrefixDistance({ countryCode: 'US', postalCode: '94710' }, { countryCode: 'CA', postalCode: 'M5V3L9' })).toBeGreaterThan(999);
  });
});
