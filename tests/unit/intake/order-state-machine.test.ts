import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  IllegalOrderTransitionError,
  listOrderTransitions,
  ORDER_STATE_INFO,
  ORDER_STATES,
  ORDER_TRANSITIONS,
  type OrderState,
} from '../../../main/domain/orders/logic/order-state-machine';

describe('order state machine', () => {
  it('allows the happy path and the documented side paths', () => {
    const legal: [OrderState, OrderState][] = [
      ['new', 'allocated'], ['allocated', 'picking'], ['picking', 'packed'], ['packed', 'shipped'], ['shipped', 'delivered'],
      ['new', 'backordered'], ['backordered', 'allocated'], ['packed', 'partially_shipped'], ['partially_shipped', 'shipped'],
      ['new', 'on_hold'], ['on_hold', 'new'], ['allocated', 'cancelled'], ['delivered', 'returned'], ['packed', 'picking'],
    ];
    for (const [from, to] of legal) expect(() => assertTransition(from, to), `${from}->${to}`).not.toThrow();
  });

  it('refuses illegal moves with an error naming both states', () => {
    const illegal: [OrderState, OrderState][] = [
      ['new', 'shipped'], ['shipped', 'cancelled'], ['delivered', 'new'], ['cancelled', 'new'], ['returned', 'shipped'],
      ['backordered', 'picking'], ['new', 'new'], ['on_hold', 'shipped'],
    ];
    for (const [from, to] of illegal) {
      expect(() => assertTransition(from, to)).toThrow(IllegalOrderTransitionError);
      expect(() => assertTransition(from, to)).toThrow(`from "${from}" to "${to}"`);
    }
    expect(() => assertTransition('shipped', 'cancelled')).toThrow(/it can go to: delivered, returned/);
    expect(() => assertTransition('cancelled', 'new')).toThrow(/"cancelled" is final/);
    expect(() => assertTransition('new' as OrderState, 'teleported' as OrderState)).toThrow(/Unknown order state/);
  });

  it('is a consistent table a UI can read', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATES].sort());
    for (const state of ORDER_STATES) {
      expect(ORDER_STATE_INFO[state].terminal).toBe(ORDER_TRANSITIONS[state].length === 0);
      for (const to of ORDER_TRANSITIONS[state]) expect(ORDER_STATES).toContain(to);
      // Every state except the start is reachable.
      if (state !== 'new') expect(ORDER_STATES.some((from) => canTransition(from, state)), state).toBe(true);
    }
    expect(listOrderTransitions()).toContainEqual({ from: 'packed', to: 'shipped' });
    expect(listOrderTransitions().length).toBe(Object.values(ORDER_TRANSITIONS).reduce((n, list) => n + list.length, 0));
  });
});
