/** Shipping area: pure logic (rates, zones, dates, rules, boxes, tracking) plus the live-rate adapters. */
export * from './types';
export * from './money';
export * from './dimensional-weight';
export * from './zone-chart';
export * from './rate-card';
export * from './pricing';
export * from './delivery-dates';
// Shipping's public dates are the shop calendar's epoch days.
export { formatLocalDate, isLocalDate, parseLocalDate, weekdayOf, type EpochDay } from '../calendar/local-days';
export * from './on-time';
export * from './shipping-tables';
export * from './rate-shopping';
export * from './automation-rules';
export * from './boxes';
export * from './tracking-numbers';
export * from './catalog';
export * from './demo-tables';
export * from './live-rates';
export * from './easypost-adapter';
