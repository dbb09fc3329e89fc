/**
 * Status vocabularies shared by the contract and the screens. Kept free of zod so the renderer
 * can import them without pulling the schema library into the console bundle.
 */
export const SHIPMENT_STATUSES = ['label_created', 'manifested', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned', 'voided'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
