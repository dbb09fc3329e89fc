import type { RatesDto, RuleInput, RulesTraceDto } from '../../../../shared/api/shipping';
import type { Devices } from '../../../devices/device-service';
import { renderSvg } from '../../../devices/labels';
import type { Core } from '../../../core';
import { invalid, notFound } from '../../../../shared/errors';
import { pdfJob } from '../../../devices/print-documents';
import { renderPackingSlipPdf } from '../../documents';
import type { Orders } from '../../orders/index';
import { ManifestService } from './manifests';
import { evaluateRules, loadOrderFacts, optionDto, originFor, planPackages, rateOrder, ratesDto, rulesTraceDto, shippingDays, shop, toShipmentPackage } from './rating';
import { PostageAccount } from './postage';
import { withLiveRates } from './live-order-rates';
import { ShipmentService } from './shipments';
import { BatchLabels } from './batch-labels';
import { ShippingConfig } from './shipping-config';
import { toShippingRule } from './shipping-config-dtos';
import { TrackingService } from './tracking';
import { TrackingRefresher } from './tracking-refresh';

export { ShippingConfig } from './shipping-config';
export { trackingNumberFor } from './shipment-records';
export { shippingLabel } from './shipping-label';

/**
 * The shipping area's services: configuration and compiled tables, rating (orders and quick
 * quotes), shipments and labels, manifests, tracking and exceptions.
 */
export function createShipping(core: Core, deps: { orders: Orders; devices: Devices }) {
  const config = new ShippingConfig(core);
  const postage = new PostageAccount(core);
  const shipments = new ShipmentService(core, config, deps.orders, deps.devices, postage);
  const tracking = new TrackingService(core, config, shipments, deps.orders);
  const manifests = new ManifestService(core, deps.devices);
  const batches = new BatchLabels(core, config, shipments, postage);
  const trackingRefresh = new TrackingRefresher(core, tracking, postage);
  // Batch packing slips: the documents area's packing slip PDF, on a system (PDF) printer.
  batches.useSlips({
    render: (orderId) => renderPackingSlipPdf(core, orderId),
    async check(printerName) {
      const printer = await deps.devices.registry.printer(printerName);
      if (printer.language !== 'pdf') throw invalid(`${printer.name} cannot print packing slips (PDF): choose a system printer`, { field: 'slipPrinter' });
    },
    async enqueue(printerName, slips, actor) {
      const printer = await deps.devices.registry.printer(printerName);
      return await deps.devices.queue.enqueueAll(
        printer,
        slips.map((slip) => ({ rendered: pdfJob(slip.pdf, { title: `Packing slip ${slip.reference}` }), meta: { kind: 'packing_slip', reference: slip.reference, actor } })),
      );
    },
  });

  return {
    config,
    postage,
    shipments,
    tracking,
    manifests,
    batches,
    trackingRefresh,

    /** Every eligible service for an order, the recommendation and its one-sentence reason. */
    async rateOrder(orderId: number): Promise<RatesDto> {
      return ratesDto(await rateOrder(core, config, await loadOrderFacts(core, config, orderId)));
    },

    /** rateOrder with the postage account's live prices for its carriers (rate cards when the provider is slow or down). */
    async rateOrderLive(orderId: number): Promise<RatesDto> {
      const rating = await rateOrder(core, config, await loadOrderFacts(core, config, orderId));
      return withLiveRates(core, postage, rating, ratesDto(rating));
    },

    /** Quick quote without an order: a parcel of `weightG` (default box-ish size) to a postal code. */
    async quote(input: { postalCode: string; country: string; weightG: number; lengthMm?: number; widthMm?: number; heightMm?: number; residential: boolean; originPostalCode?: string; promisedDate?: string }): Promise<RatesDto> {
      const compiled = await config.current();
      const origin = input.originPostalCode ? { postalCode: input.originPostalCode, country: 'US', warehouse: null } : await (async () => {
        const o = await originFor(core, config, null);
        return { postalCode: o.postalCode, country: o.country, warehouse: o.warehouse };
      })();
      const pkg = {
        boxCode: null,
        boxReason: 'quick quote',
        weightG: input.weightG,
        lengthMm: input.lengthMm ?? 250,
        widthMm: input.widthMm ?? 200,
        heightMm: input.heightMm ?? 100,
      };
      const target = (await config.settings()).onTimeTarget;
      const result = shop(
        compiled,
        toShipmentPackage(pkg, { countryCode: input.country, postalCode: input.postalCode, regionCode: null, residential: input.residential, company: null }, null),
        compiled.services,
        origin,
        input.promisedDate ?? null,
        target,
        await shippingDays(core),
      );
      return {
        orderId: null,
        origin,
        destination: { postalCode: input.postalCode, country: input.country, residential: input.residential },
        promisedDate: input.promisedDate ?? null,
        targetProbability: target,
        packages: [pkg],
        options: result.options.map(optionDto),
        ineligible: result.ineligible.map((i) => ({ serviceKey: i.serviceKey, serviceName: i.serviceName, reason: i.reason })),
        recommended: result.recommended ? { serviceKey: result.recommended.serviceKey, carrier: result.recommended.carrierCode, service: result.recommended.serviceKey.split(':')[1] } : null,
        recommendationMeetsPromise: result.recommendationMeetsPromise,
        reason: result.reason,
        rules: null,
      };
    },

    /** Which rules fire for an order: the saved rules, or a draft to try before saving. */
    async dryRunRules(orderId: number, draft?: RuleInput[]): Promise<RulesTraceDto> {
      const facts = await loadOrderFacts(core, config, orderId);
      const weight = planPackages(facts, await config.boxes(), undefined, null).reduce((s, p) => s + p.weightG, 0);
      const rules = draft ? draft.map((r, i) => toShippingRule({ ...r, id: r.id ?? i + 1 })) : await config.rules();
      return rulesTraceDto(evaluateRules(facts, rules, weight));
    },

    async labelPreview(packageId: number): Promise<{ svg: string }> {
      const { store } = core;
      const row = await store.get(store.kysely.selectFrom('shipment_package').select('shipment_id').where('id', '=', packageId));
      if (!row) throw notFound(`Package ${packageId}`, { field: 'packageId' });
      return { svg: renderSvg(await shipments.layoutFor(row.shipment_id, packageId)) };
    },
  };
}
export type Shipping = ReturnType<typeof createShipping>;
