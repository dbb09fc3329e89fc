/** Order rules as plain functions: lifecycle, delivery promise, warehouse choice. */
export * from './order-state-machine';
export { promisedDate, type DeliveryPromiseRule } from './delivery-promise';
export * from './allocation';
export { greatCircleKm, postalPrefixDistance, type Place, type Distance, type DistanceBasis } from './warehouse-distance';
