import { CONTENTS_TYPES, INCOTERMS } from './customs';
import { z } from 'zod';
import { method } from './contract';
import { batchCreateSchema, batchOrdersSchema, type BatchDto, type BatchPlanDto } from './shipping-batch';

/**
 * Shipping: carriers/services, zone charts and rate cards, boxes, automation rules, rate
 * shopping (per order and quick quotes), shipments with labels, manifests, tracking and
 * exceptions. Money in integer cents, weight in grams, lengths in millimetres, dates 'YYYY-MM-DD'.
 */

import { SHIPMENT_STATUSES } from '../statuses';

export { SHIPMENT_STATUSES };
export * from './shipping-dtos';
import type { BoxDto, CarrierDto, ManifestDto, RatesDto, RulesTraceDto, ServiceDto, ShipmentDto, ShippingExceptionDto } from './shipping-dtos';
import { TRACKING_STATUSES } from './shipping-dtos';

const range = z.object({ min: z.number().int().optional(), max: z.number().int().optional() }).strict();
export const ruleConditionsSchema = z
  .object({
    destinationCountries: z.array(z.string().min(2).max(2)).optional(),
    destinationPostalPrefixes: z.array(z.string().min(1).max(10)).optional(),
    destinationStates: z.array(z.string().min(1).max(10)).optional(),
    weightG: range.optional(),
    channels: z.array(z.string()).optional(),
    tagsAny: z.array(z.string()).optional(),
    orderValueCents: range.optional(),
    skusAny: z.array(z.string()).optional(),
  })
  .strict();
export const ruleActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('forceService'), serviceKey: z.string().min(3) }).strict(),
  z.object({ type: z.literal('setBox'), boxCode: z.string().min(1) }).strict(),
  z.object({ type: z.literal('addInsurance'), valueCents: z.number().int().positive().optional() }).strict(),
  z.object({ type: z.literal('requireSignature') }).strict(),
  z.object({ type: z.literal('neverUseService'), serviceKey: z.string().min(3) }).strict(),
]);
export const ruleSchema = z
  .object({
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    conditions: ruleConditionsSchema.default({}),
    actions: z.array(ruleActionSchema).min(1, 'a rule needs at least one action'),
    stopAfterMatch: z.boolean().default(false),
  })
  .strict();
export type RuleInput = z.output<typeof ruleSchema>;
export interface RuleDto extends RuleInput {
  id: number;
}

/** The postage account: labels of its carriers are bought there (real postage), the rest made from rate cards. */
export interface PostageAccountDto {
  provider: 'easypost' | null;
  /** The API key's last four characters; the key itself never leaves the main process. */
  apiKeyHint: string | null;
  baseUrl: string | null;
  carriers: string[];
}
const postageUpdate = z
  .object({
    apiKey: z.string().trim().min(8).max(200).optional(),
    baseUrl: z.string().trim().max(300).nullable().optional(),
    carriers: z.array(z.string().trim().min(1).max(20)).max(10).optional(),
    off: z.literal(true).optional(),
  })
  .strict();
export type PostageAccountUpdate = z.infer<typeof postageUpdate>;

const id = z.number().int().positive();
const serviceRef = z.string().regex(/^[a-z0-9_]+[:/][a-z0-9_]+$/, 'use CARRIER/SERVICE, e.g. ups/ground');
const csv = z.string().min(1).max(40 * 1024 * 1024);
const packagePlan = z
  .object({
    /** Order lines (and units) in this package; default: everything not yet shipped. */
    lines: z.array(z.object({ lineId: id, quantity: z.number().int().positive() }).strict()).optional(),
    boxCode: z.string().optional(),
    /** Weighed at the station; overrides products × qty + box tare. */
    weightG: z.number().int().positive().optional(),
  })
  .strict();

export interface ImportReportDto {
  ok: boolean;
  rows: number;
  errors: { row: number; column: string; message: string }[];
}

export const shippingApi = {
  'shipping.carriers': method<CarrierDto[]>()(z.object({}).strict(), { description: 'Carriers with their services, zone-chart and rate-card coverage' }),
  'shipping.upsertCarrier': method<CarrierDto>()(
    z.object({ code: z.string().regex(/^[a-z0-9_]{1,20}$/, 'lower-case letters, digits, _'), name: z.string().trim().min(1).max(80), enabled: z.boolean().default(true) }).strict(),
    { audit: 'settings', description: 'Add or rename a carrier (user-defined carriers use their own zone chart)', roles: ['owner'] },
  ),
  /** A user-defined service starts from a built-in template (`template`, e.g. "ups:ground") and overrides what differs. */
  'shipping.upsertService': method<ServiceDto>()(
    z
      .object({
        carrier: z.string().min(1),
        code: z.string().regex(/^[a-z0-9_]{1,40}$/),
        name: z.string().trim().min(1).max(80).optional(),
        template: z.string().optional(),
        enabled: z.boolean().optional(),
        transitDaysByZone: z.record(z.string(), z.number().int().min(0).max(30)).optional(),
        cutoffLocal: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
        maxWeightG: z.number().int().positive().optional(),
        publishedOnTimeRate: z.number().min(0).max(1).optional(),
        fuelPercentBp: z.number().int().min(0).max(10_000).optional(),
      })
      .strict(),
    { audit: 'settings', description: 'Add or edit a service', roles: ['owner'] },
  ),
  'shipping.importZones': method<ImportReportDto>()(z.object({ carrier: z.string().min(1), csv }).strict(), {
    description: 'Replace a carrier’s zone chart from CSV origin_prefix,dest_prefix,zone (validated row by row)',
    audit: 'settings',
    roles: ['owner'],
  }),
  'shipping.importRateCard': method<ImportReportDto>()(z.object({ carrier: z.string().min(1), service: z.string().min(1), csv, currency: z.string().length(3).default('USD') }).strict(), {
    description: 'Replace a service’s rate card from CSV zone,max_weight_g,price',
    audit: 'settings',
    roles: ['owner'],
  }),
  'shipping.boxes': method<BoxDto[]>()(z.object({}).strict(), { description: 'Box catalog' }),
  'shipping.upsertBox': method<BoxDto>()(
    z
      .object({
        code: z.string().trim().min(1).max(40),
        name: z.string().trim().min(1).max(80),
        innerLengthMm: z.number().int().positive(),
        innerWidthMm: z.number().int().positive(),
        innerHeightMm: z.number().int().positive(),
        tareG: z.number().int().min(0),
        costCents: z.number().int().min(0).default(0),
        active: z.boolean().default(true),
      })
      .strict(),
    { audit: 'settings', description: 'Add or edit a box (by code)', roles: ['owner'] },
  ),
  'shipping.removeBox': method<{ removed: boolean }>()(z.object({ code: z.string().min(1) }).strict(), { audit: 'settings', description: 'Remove a box', roles: ['owner'] }),
  'shipping.rules': method<RuleDto[]>()(z.object({}).strict(), { description: 'Automation rules in evaluation order' }),
  'shipping.saveRules': method<RuleDto[]>()(z.object({ rules: z.array(ruleSchema).max(200) }).strict(), { audit: 'settings', description: 'Replace the automation rules (order = evaluation order)', roles: ['owner'] }),
  /** Which rules fire for an order (or for unsaved rules, to try them before saving). */
  'shipping.dryRunRules': method<RulesTraceDto>()(z.object({ orderId: id, rules: z.array(ruleSchema).max(200).optional() }).strict(), { description: 'Dry-run the rules on an order' }),
  'shipping.settings': method<{ onTimeTarget: number; origin: { postalCode: string; country: string } | null }>()(z.object({}).strict(), { description: 'Shipping settings' }),
  'shipping.updateSettings': method<{ onTimeTarget: number; origin: { postalCode: string; country: string } | null }>()(
    z.object({ onTimeTarget: z.number().min(0.5).max(0.999).optional(), origin: z.object({ postalCode: z.string().min(3).max(10), country: z.string().length(2) }).strict().nullable().optional() }).strict(),
    { audit: 'settings', description: 'Change the on-time target or the default origin', roles: ['owner'] },
  ),

  'shipping.postage': method<PostageAccountDto>()(z.object({}).strict(), { description: 'The postage account (EasyPost) and the carriers bought through it' }),
  'shipping.updatePostage': method<PostageAccountDto>()(postageUpdate, { audit: 'settings', description: 'Connect, change or (off) disconnect the postage account', roles: ['owner'] }),
  'shipping.rateOrder': method<RatesDto>()(z.object({ orderId: id }).strict(), { description: 'Rate an order: every eligible service, the recommendation and why' }),
  'shipping.quote': method<RatesDto>()(
    z
      .object({
        postalCode: z.string().trim().min(3).max(10),
        country: z.string().length(2).toUpperCase().default('US'),
        weightG: z.number().int().positive(),
        lengthMm: z.number().int().positive().optional(),
        widthMm: z.number().int().positive().optional(),
        heightMm: z.number().int().positive().optional(),
        residential: z.boolean().default(true),
        originPostalCode: z.string().min(3).max(10).optional(),
        promisedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      })
      .strict(),
    { description: 'Quick quote: postal code and weight, no order needed' },
  ),
  'shipping.ship': method<ShipmentDto>()(
    z
      .object({
        orderId: id,
        /** CARRIER/SERVICE (or carrier:service); default: the recommendation. */
        service: serviceRef.optional(),
        /** Required when `service` is not the recommended one. */
        overrideReason: z.string().trim().min(1).max(300).optional(),
        packages: z.array(packagePlan).min(1).max(50).optional(),
        printer: z.string().min(1).optional(),
        /** Customs, for a shipment to another customs territory (default: Settings → Customs). */
        contentsType: z.enum(CONTENTS_TYPES).optional(),
        incoterm: z.enum(INCOTERMS).optional(),
        /** A PDF (system) printer for the customs documents, printed right after the labels. */
        documentPrinter: z.string().min(1).optional(),
      })
      .strict(),
    { audit: 'shipping', description: 'Create a shipment: buy/generate labels with tracking numbers, print them, mark the order shipped' },
  ),
  'shipping.shipments': method<ShipmentDto[]>()(
    z.object({ status: z.enum(SHIPMENT_STATUSES).optional(), orderId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    { description: 'Shipments, newest first' },
  ),
  'shipping.shipment': method<ShipmentDto>()(z.object({ id }).strict(), { description: 'One shipment with packages and tracking events' }),
  'shipping.void': method<ShipmentDto>()(z.object({ id, reason: z.string().trim().min(1).max(300) }).strict(), { audit: 'shipping', description: 'Void a shipment’s labels (refund)' }),
  'shipping.reprint': method<ShipmentDto>()(z.object({ id, printer: z.string().min(1) }).strict(), { audit: 'shipping', description: 'Print a shipment’s labels again' }),
  'shipping.recordCost': method<ShipmentDto>()(z.object({ id, costCents: z.number().int().min(0) }).strict(), {
    description: 'Record the postage the carrier actually charged (for accounting)',
    audit: 'money',
    roles: ['owner'],
  }),
  'shipping.labelPreview': method<{ svg: string }>()(z.object({ packageId: id }).strict(), { description: 'SVG preview of a package label' }),
  'shipping.manifests': method<ManifestDto[]>()(z.object({ limit: z.number().int().min(1).max(200).default(30) }).strict(), { description: 'End-of-day manifests' }),
  'shipping.openForManifest': method<{ carrier: string; shipments: number; packages: number; totalCents: number }[]>()(z.object({}).strict(), {
    description: 'Shipments per carrier waiting for today’s manifest',
  }),
  'shipping.closeManifest': method<ManifestDto>()(z.object({ carrier: z.string().min(1), printer: z.string().min(1).optional() }).strict(), {
    description: 'Close the day for a carrier: manifest its open shipments (summary CSV, optional printout)',
    audit: 'shipping',
  }),
  'shipping.trackingUpdate': method<ShipmentDto>()(
    z
      .object({
        trackingNumber: z.string().trim().min(5).max(40),
        status: z.enum(TRACKING_STATUSES),
        at: z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'use YYYY-MM-DD or an ISO time'),
        message: z.string().max(300).default(''),
        location: z.string().max(120).nullable().default(null),
      })
      .strict(),
    { audit: 'shipping', description: 'One tracking scan (from a carrier API or typed in)' },
  ),
  'shipping.trackingImport': method<ImportReportDto & { updated: number }>()(z.object({ csv }).strict(), {
    description: 'Tracking CSV: tracking_number,status,at[,message,location]',
    audit: 'shipping',
  }),
  'shipping.exceptions': method<ShippingExceptionDto[]>()(z.object({}).strict(), { description: 'Late, stalled, failed and returned parcels' }),

  /** Batch labels: rate every order (recommended service, rules applied), the total and the exceptions, before anything is created. */
  'shipping.batchPlan': method<BatchPlanDto>()(batchOrdersSchema, { audit: false /* a read: rates only, buys and writes nothing */, description: 'Rate many orders for batch labels: total and exceptions' }),
  /** Creates every shipment in pick order (each its own unit of work), prints labels in that order and the packing slips; partial success is stated. */
  'shipping.batchCreate': method<BatchDto>()(batchCreateSchema, { audit: 'shipping', description: 'Create and print labels for many orders in one action' }),
  'shipping.batch': method<BatchDto>()(z.object({ id: z.number().int().positive() }).strict(), { description: 'One label batch: shipped, failed and why' }),
  'shipping.batches': method<BatchDto[]>()(z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict(), { description: 'Recent label batches, newest first' }),
  /** Voids every shipment of the batch the carrier has not scanned (postage refunded where bought). */
  'shipping.batchVoid': method<BatchDto>()(z.object({ id: z.number().int().positive(), reason: z.string().trim().min(1).max(300) }).strict(), {
    audit: 'shipping',
    description: 'Void every label of a batch',
  }),
  /** One order's packing slip of a batch as PDF (base64), to open or print elsewhere. */
  'shipping.batchSlip': method<{ orderId: number; pdfBase64: string }>()(z.object({ id: z.number().int().positive(), orderId: z.number().int().positive() }).strict(), {
    audit: false, // a read: renders the slip, writes nothing
    description: 'The packing slip PDF of one order of a batch',
  }),
};
