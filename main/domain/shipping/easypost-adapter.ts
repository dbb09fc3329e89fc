/**
 * EasyPost (API v2) live-rate adapter, following EasyPost's documented shapes:
 * - POST /shipments  { shipment: { to_address, from_address, parcel, options } } → Shipment with rates[]
 * - POST /shipments/:id/buy  { rate: { id }, insurance? }  → Shipment with postage_label, tracking_code
 * - POST /shipments/:id/refund                              → Shipment with refund_status
 * - POST /trackers  { tracker: { tracking_code, carrier? } } → Tracker with tracking_details[]
 * Auth is HTTP Basic with the API key as user name and an empty password. Errors come back
 * as { error: { code, message } } with a non-2xx status.
 *
 * Units: EasyPost parcels are in inches and ounces (decimals allowed). We convert from our
 * integer mm/g and round UP to 0.1 so the carrier never sees a parcel smaller or lighter
 * than it is (a too-light declaration is billed back later as an adjustment).
 * Prices come back as decimal strings ("7.58") and are parsed exactly into cents.
 */
import { centsToDecimalString, parsePriceToCents } from './money';
import {
  LiveRateError,
  type BuyLabelRequest,
  type LiveParcel,
  type LiveRate,
  type LiveRateAdapter,
  type LiveRateQuote,
  type LiveRateRequest,
  type LiveCustomsInfo,
  type AddressVerification,
  type PostalAddress,
  type PurchasedLabel,
  type TrackingStatus,
  type VoidResult,
} from './live-rates';

export interface EasyPostOptions {
  apiKey: string;
  /** Default https://api.easypost.com/v2 — tests point it at a loopback server. */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** mm → inches rounded up to 0.1 in, as a number with one decimal. */
export function mmToTenthsOfInchUp(mm: number): number {
  return Math.ceil((mm * 100) / 254) / 10;
}

/** g → ounces rounded up to 0.1 oz (1 oz = 28.349523125 g exactly). */
export function gramsToTenthsOfOunceUp(g: number): number {
  return Math.ceil((g * 10_000_000_000) / 28_349_523_125) / 10;
}

function toEasyPostAddress(a: PostalAddress): Record<string, unknown> {
  return {
    name: a.name,
    company: a.company,
    street1: a.street1,
    street2: a.street2,
    city: a.city,
    state: a.state,
    zip: a.zip,
    country: a.country,
    phone: a.phone,
    email: a.email,
    residential: a.residential,
  };
}

function toEasyPostParcel(p: LiveParcel): Record<string, number> {
  return {
    length: mmToTenthsOfInchUp(p.lengthMm),
    width: mmToTenthsOfInchUp(p.widthMm),
    height: mmToTenthsOfInchUp(p.heightMm),
    weight: gramsToTenthsOfOunceUp(p.weightG),
  };
}

type Json = Record<string, unknown>;

/**
 * EasyPost's customs_info: values are line totals as decimals in the items' currency, weights line
 * totals in ounces (rounded up like parcels); the sender's EORI / IOSS / VAT go in tax_identifiers.
 */
export function toEasyPostCustoms(c: LiveCustomsInfo): { customs_info: Json; tax_identifiers: Json[] } {
  return {
    customs_info: {
      contents_type: c.contentsType,
      customs_certify: true,
      customs_signer: c.signer,
      eel_pfc: c.eelPfc ?? undefined,
      non_delivery_option: c.nonDeliveryOption,
      restriction_type: 'none',
      customs_items: c.items.map((i) => ({
        description: i.description,
        quantity: i.quantity,
        value: centsToDecimalString(i.valueCents),
        currency: i.currency,
        weight: gramsToTenthsOfOunceUp(i.weightG),
        hs_tariff_number: i.hsTariffNumber,
        origin_country: i.originCountry,
        code: i.code,
      })),
    },
    tax_identifiers: c.taxIds.map((t) => ({ entity: 'SENDER', tax_id: t.number, tax_id_type: t.type, issuing_country: t.issuingCountry })),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function cents(value: unknown, field: string): number {
  const parsed = typeof value === 'string' ? parsePriceToCents(value) : null;
  if (!parsed || !parsed.ok) throw new LiveRateError('invalid-response', `EasyPost ${field} is not a price: ${JSON.stringify(value)}`);
  return parsed.cents;
}

function toLiveRate(r: Json): LiveRate {
  return {
    source: 'live',
    rateId: str(r.id),
    carrier: str(r.carrier) ?? '',
    service: str(r.service) ?? '',
    serviceKey: null,
    totalCents: cents(r.rate, 'rate'),
    currency: str(r.currency) ?? 'USD',
    deliveryDays: typeof r.delivery_days === 'number' ? r.delivery_days : typeof r.est_delivery_days === 'number' ? r.est_delivery_days : null,
    deliveryDate: str(r.delivery_date)?.slice(0, 10) ?? null,
    guaranteed: r.delivery_date_guaranteed === true,
  };
}

export function createEasyPostAdapter(options: EasyPostOptions): LiveRateAdapter {
  const baseUrl = (options.baseUrl ?? 'https://api.easypost.com/v2').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;

  async function call(path: string, body?: unknown): Promise<Json> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new LiveRateError('timeout', `EasyPost did not answer ${path} within ${timeoutMs} ms`);
      throw new LiveRateError('network', `EasyPost unreachable: ${e.message}`);
    }
    let json: Json;
    try {
      json = (await response.json()) as Json;
    } catch {
      throw new LiveRateError('invalid-response', `EasyPost ${path} answered ${response.status} without JSON`, response.status);
    }
    if (!response.ok) {
      const err = (json.error ?? {}) as Json;
      throw new LiveRateError('http', `EasyPost ${path}: ${str(err.message) ?? response.statusText}`, response.status, str(err.code) ?? undefined);
    }
    return json;
  }

  return {
    name: 'easypost',

    async rates(req: LiveRateRequest): Promise<LiveRateQuote> {
      const shipment = await call('/shipments', {
        shipment: {
          to_address: toEasyPostAddress(req.to),
          from_address: toEasyPostAddress(req.from),
          parcel: toEasyPostParcel(req.parcel),
          reference: req.reference,
          options: req.labelFormat || req.customs ? { label_format: req.labelFormat, incoterm: req.customs?.incoterm } : undefined,
          ...(req.customs ? toEasyPostCustoms(req.customs) : {}),
        },
      });
      const rates = Array.isArray(shipment.rates) ? (shipment.rates as Json[]).map(toLiveRate) : [];
      const messages = Array.isArray(shipment.messages) ? (shipment.messages as Json[]).map((m) => `${str(m.carrier) ?? ''}: ${str(m.message) ?? ''}`.trim()) : [];
      return { source: 'live', shipmentId: str(shipment.id), rates, messages };
    },

    async buyLabel(req: BuyLabelRequest): Promise<PurchasedLabel> {
      const body: Json = { rate: { id: req.rateId } };
      if (req.insuredValueCents) body.insurance = centsToDecimalString(req.insuredValueCents);
      const shipment = await call(`/shipments/${encodeURIComponent(req.shipmentId)}/buy`, body);
      const label = (shipment.postage_label ?? {}) as Json;
      const rate = (shipment.selected_rate ?? {}) as Json;
      const tracker = (shipment.tracker ?? null) as Json | null;
      const trackingCode = str(shipment.tracking_code);
      const labelUrl = str(label.label_url);
      if (!trackingCode || !labelUrl) throw new LiveRateError('invalid-response', 'EasyPost bought a label but returned no tracking code or label URL');
      return {
        shipmentId: str(shipment.id) ?? req.shipmentId,
        trackingCode,
        labelUrl,
        labelZplUrl: str(label.label_zpl_url) ?? (str(label.label_file_type) === 'application/zpl' ? labelUrl : null),
        labelFormat: str(label.label_file_type) ?? 'image/png',
        carrier: str(rate.carrier) ?? '',
        service: str(rate.service) ?? '',
        totalCents: cents(rate.rate, 'selected_rate.rate'),
        currency: str(rate.currency) ?? 'USD',
        trackerId: tracker ? str(tracker.id) : null,
      };
    },

    async fetchLabel(url: string): Promise<Buffer> {
      // Label files live on EasyPost's file host (no API key there): a plain GET.
      let response: Response;
      try {
        response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const e = error as Error;
        if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new LiveRateError('timeout', `the label file did not arrive within ${timeoutMs} ms`);
        throw new LiveRateError('network', `the label file is unreachable: ${e.message}`);
      }
      if (!response.ok) throw new LiveRateError('http', `the label file answered ${response.status}`, response.status);
      return Buffer.from(await response.arrayBuffer());
    },

    async void(shipmentId: string): Promise<VoidResult> {
      const shipment = await call(`/shipments/${encodeURIComponent(shipmentId)}/refund`);
      return { shipmentId: str(shipment.id) ?? shipmentId, status: str(shipment.refund_status) ?? 'unknown' };
    },

    async verifyAddress(address: PostalAddress): Promise<AddressVerification> {
      // `verify` (not verify_strict): an undeliverable address comes back as data, not an HTTP error.
      const created = await call('/addresses', { address: toEasyPostAddress(address), verify: true });
      const delivery = ((created.verifications ?? {}) as Json).delivery as Json | undefined;
      if (!delivery) throw new LiveRateError('invalid-response', 'EasyPost returned the address without a delivery verification');
      const errors = Array.isArray(delivery.errors) ? (delivery.errors as Json[]).map((e) => str(e.message) ?? str(e.code) ?? 'unknown problem') : [];
      return { deliverable: delivery.success === true, errors };
    },

    async track(trackingCode: string, carrier?: string): Promise<TrackingStatus> {
      const tracker = await call('/trackers', { tracker: carrier ? { tracking_code: trackingCode, carrier } : { tracking_code: trackingCode } });
      const details = Array.isArray(tracker.tracking_details) ? (tracker.tracking_details as Json[]) : [];
      return {
        trackingCode: str(tracker.tracking_code) ?? trackingCode,
        carrier: str(tracker.carrier) ?? carrier ?? '',
        status: str(tracker.status) ?? 'unknown',
        estDeliveryDate: str(tracker.est_delivery_date),
        events: details.map((d) => {
          const loc = (d.tracking_location ?? {}) as Json;
          return {
            status: str(d.status) ?? 'unknown',
            message: str(d.message) ?? '',
            at: str(d.datetime) ?? '',
            city: str(loc.city),
            state: str(loc.state),
            zip: str(loc.zip),
            country: str(loc.country),
          };
        }),
      };
    },
  };
}
