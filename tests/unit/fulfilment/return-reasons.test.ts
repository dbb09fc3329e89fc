import { afterEach, describe, expect, it } from 'vitest';
import { classifyReturnReason, returnReasonCodeOf } from '../../../shared/return-reasons';
import { fulfilmentShop, order, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('return reasons from a list', () => {
  it('reads a listed reason out of free text, ignoring case, punctuation and emoji', () => {
    expect(returnReasonCodeOf('Too small')).toBe('too_small');
    expect(returnReasonCodeOf('  too SMALL 😕 ')).toBe('too_small');
    expect(returnReasonCodeOf('Not as described!')).toBe('not_as_described');
    expect(returnReasonCodeOf('too big')).toBe('too_large');
    expect(returnReasonCodeOf('wrong colour')).toBeNull();
    expect(classifyReturnReason('wrong colour')).toEqual({ code: 'other', note: 'wrong colour' });
    expect(classifyReturnReason('Defective.')).toEqual({ code: 'defective', note: null });
  });

  it('stores code and note; the report groups by the code, not by how it was typed', async () => {
    app = await fulfilmentShop();
    const o = await order(app, [{ sku: 'CAP', quantity: 4 }]);
    await app.invoke('shipping.ship', { orderId: o.id });
    const lineId = o.orderLines[0].id;
    const picked = await app.invoke('returns.create', { orderId: o.id, reasonCode: 'too_small', reason: 'sleeves short', lines: [{ orderLineId: lineId, qty: 1 }] });
    expect(picked).toMatchObject({ reasonCode: 'too_small', reasonNote: 'sleeves short', reason: 'Too small: sleeves short' });
    expect(picked.lines[0].reasonCode).toBe('too_small');
    const typed = await app.invoke('returns.create', { orderId: o.id, reason: 'Too small 😕', lines: [{ orderLineId: lineId, qty: 1 }] });
    expect(typed).toMatchObject({ reasonCode: 'too_small', reasonNote: null, reason: 'Too small' });
    const other = await app.invoke('returns.create', { orderId: o.id, reason: 'wrong colour', lines: [{ orderLineId: lineId, qty: 1 }] });
    expect(other).toMatchObject({ reasonCode: 'other', reasonNote: 'wrong colour', reason: 'Other: wrong colour' });

    const report = await app.invoke('returns.reasons', {});
    expect(report.map((r) => [r.sku, r.reasonCode, r.reason, r.units, r.rmas])).toEqual([
      ['CAP', 'too_small', 'Too small', 2, 2],
      ['CAP', 'other', 'Other', 1, 1],
    ]);
  });

  it('refuses an RMA with neither a listed reason nor a text, naming the field', async () => {
    app = await fulfilmentShop();
    const o = await order(app, [{ sku: 'CAP', quantity: 1 }]);
    await app.invoke('shipping.ship', { orderId: o.id });
    await expect(app.invoke('returns.create', { orderId: o.id, lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }] })).rejects.toThrow(/reasonCode.*Pick a return reason/);
    await expect(app.invoke('returns.create', { orderId: o.id, reasonCode: 'too_tiny', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }] } as never)).rejects.toThrow(/reasonCode/);
  });
});
