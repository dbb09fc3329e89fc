import { describe, expect, it } from 'vitest';
import { decidePackedLot, type LotScan, type PickedLot } from '../../../main/domain/fulfilment/pack-lot-rules';

const lot = (code: string | null, expiresOn: string | null, pickedQty: number, packedQty = 0): PickedLot => ({ code, expiresOn, pickedQty, packedQty });
const scan = (over: Partial<LotScan>): LotScan => ({ sku: 'JAM', orderNumber: '#1001', scanned: null, scannedLot: null, picked: [lot('L1', '2026-06-30', 2)], today: '2026-03-02', ...over });

describe('the pack station lot rule', () => {
  it('takes the only lot picked when none is scanned, and asks when several were', () => {
    expect(decidePackedLot(scan({}))).toEqual({ ok: true, code: 'L1' });
    expect(decidePackedLot(scan({ picked: [lot('L1', '2026-06-30', 2), lot('L2', null, 1)] }))).toMatchObject({ ok: false, reason: 'lot_needed', message: expect.stringContaining('picked: L1 (2), L2 (1)') });
  });

  it('counts a lot as expired from its expiry date on', () => {
    expect(decidePackedLot(scan({ today: '2026-06-29' }))).toEqual({ ok: true, code: 'L1' });
    expect(decidePackedLot(scan({ today: '2026-06-30' }))).toMatchObject({ ok: false, reason: 'lot_expired', message: expect.stringContaining('Lot L1 expired on 2026-06-30') });
  });

  it('packs stock picked without a lot (received before the product was lot-tracked) without a lot code', () => {
    expect(decidePackedLot(scan({ picked: [lot(null, null, 1)] }))).toEqual({ ok: true, code: null });
    expect(decidePackedLot(scan({ picked: [lot(null, null, 1, 1)] }))).toMatchObject({ ok: false, reason: 'lot_all_packed' });
  });

  it('refuses a scanned lot that is unknown, expired, not picked or used up — in that order of importance', () => {
    expect(decidePackedLot(scan({ scanned: 'X9' }))).toMatchObject({ reason: 'lot_unknown', message: 'UNKNOWN LOT: Lot X9 is not a lot of SKU JAM — put it aside' });
    expect(decidePackedLot(scan({ scanned: 'OLD', scannedLot: { code: 'OLD', expiresOn: '2026-01-31' } }))).toMatchObject({ reason: 'lot_expired' });
    expect(decidePackedLot(scan({ scanned: 'L9', scannedLot: { code: 'L9', expiresOn: null } }))).toMatchObject({
      reason: 'lot_not_picked',
      message: 'WRONG LOT: Lot L9 was not picked for this order; picked: L1 (2)',
    });
    expect(decidePackedLot(scan({ scanned: 'L1', scannedLot: { code: 'L1', expiresOn: '2026-06-30' }, picked: [lot('L1', '2026-06-30', 2, 2)] }))).toMatchObject({ reason: 'lot_all_packed' });
    expect(decidePackedLot(scan({ scanned: 'L1', scannedLot: { code: 'L1', expiresOn: '2026-06-30' } }))).toEqual({ ok: true, code: 'L1' });
  });
});
