/**
 * Live carrier rates and labels behind one interface, and a fallback to the shop's own rate
 * cards when the live service is down, slow or empty. A packer must never be blocked from
 * shipping because an API is having a bad day; labels cannot be faked, so only `rates`
 * falls back — buying, voiding and tracking report the failure.
 */
import { shopRates, type RateOption, type RateShoppingContext } from './rate-shopping';
import type { ServiceKey, ShippingService } from './types';

export interface PostalAddress {
  name?: string;
  company?: string;
  street1: string;
  street2?: string;
  city: string;
  state?: string;
  zip: string;
  country: string;
  phone?: string;
  email?: string;
  residential?: boolean;
}

export interface LiveParcel {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  weightG: number;
}

export interface LiveRateRequest {
  from: PostalAddress;
  to: PostalAddress;
  parcel: LiveParcel;
  reference?: string;
  labelFormat?: 'PNG' | 'PDF' | 'ZPL';
  /** A shipment to another customs territory: what the provider prints on its customs forms. */
  customs?: LiveCustomsInfo;
}

/** Customs as a postage provider takes it (EasyPost's CustomsInfo / CustomsItem). */
export interface LiveCustomsInfo {
  contentsType: string;
  incoterm: 'DDU' | 'DDP';
  signer: string;
  /** US exports: the EEI exemption ("NOEEI 30.37(a)" under $2,500 per schedule B), else null. */
  eelPfc: string | null;
  nonDeliveryOption: 'return' | 'abandon';
  items: { code: string; description: string; quantity: number; valueCents: number; currency: string; weightG: number; hsTariffNumber: string; originCountry: string }[];
  taxIds: { type: string; number: string; issuingCountry: string }[];
}

export interface LiveRate {
  source: 'live' | 'rate-card';
  /** Id to buy with (live only). */
  rateId: string | null;
  carrier: string;
  service: string;
  /** Our service key when known (rate-card fallback always knows it). */
  serviceKey: ServiceKey | null;
  totalCents: number;
  currency: string;
  deliveryDays: number | null;
  /** 'YYYY-MM-DD' when the source gives one. */
  deliveryDate: string | null;
  guaranteed: boolean;
}

export interface LiveRateQuote {
  source: 'live' | 'rate-card';
  /** Carrier-side shipment id to buy against (live only). */
  shipmentId: string | null;
  rates: LiveRate[];
  /** Non-fatal carrier messages (e.g. one carrier account failed to rate). */
  messages: string[];
  /** Why the live service was not used, when source is 'rate-card'. */
  fallbackReason?: string;
}

export interface BuyLabelRequest {
  shipmentId: string;
  rateId: string;
  insuredValueCents?: number;
}

export interface PurchasedLabel {
  shipmentId: string;
  trackingCode: string;
  labelUrl: string;
  /** The label as ZPL, when the provider made one (asked for with labelFormat 'ZPL'). */
  labelZplUrl: string | null;
  labelFormat: string;
  carrier: string;
  service: string;
  totalCents: number;
  currency: string;
  trackerId: string | null;
}

export interface VoidResult {
  shipmentId: string;
  /** Carrier refund state: 'submitted', 'refunded', 'rejected', 'not_applicable'. */
  status: string;
}

export interface TrackingEvent {
  status: string;
  message: string;
  /** ISO timestamp as the carrier reports it. */
  at: string;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

export interface TrackingStatus {
  trackingCode: string;
  carrier: string;
  status: string;
  estDeliveryDate: string | null;
  events: TrackingEvent[];
}

export interface LiveRateAdapter {
  readonly name: string;
  rates(req: LiveRateRequest): Promise<LiveRateQuote>;
  buyLabel(req: BuyLabelRequest): Promise<PurchasedLabel>;
  /** Voids (refunds) an unused label by shipment id. */
  void(shipmentId: string): Promise<VoidResult>;
  track(trackingCode: string, carrier?: string): Promise<TrackingStatus>;
  /** Downloads a bought label's file (its bytes, unchanged). */
  fetchLabel(url: string): Promise<Buffer>;
  /** Asks the provider whether a carrier can deliver to the address (optional: not every provider verifies). */
  verifyAddress?(address: PostalAddress): Promise<AddressVerification>;
}

export interface AddressVerification {
  deliverable: boolean;
  /** The provider's reasons, one per problem ("House number is missing"). */
  errors: string[];
}

export type LiveRateErrorKind = 'timeout' | 'network' | 'http' | 'invalid-response';

export class LiveRateError extends Error {
  constructor(
    public readonly kind: LiveRateErrorKind,
    message: string,
    public readonly status?: number,
    public readonly code?: string,
  ) {
    super(message);
    this.name = 'LiveRateError';
  }
}

export type RateCardShop = (req: LiveRateRequest) => LiveRate[] | Promise<LiveRate[]>;

export interface FallbackOptions {
  /** Give up on the live service after this long (ms). */
  timeoutMs?: number;
  /** Called with the reason whenever the fallback is used (for the exceptions log). */
  onFallback?: (reason: string) => void;
}

/** Runs `promise` but rejects with a timeout error after `ms`; clears its timer either way. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LiveRateError('timeout', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Wraps a live adapter so `rates` falls back to the rate cards when the live call throws,
 * times out, or returns no rates at all. The quote says which source it came from and why.
 */
export function withFallback(adapter: LiveRateAdapter, rateCardShop: RateCardShop, options: FallbackOptions = {}): LiveRateAdapter {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const fallBack = async (req: LiveRateRequest, reason: string, messages: string[] = []): Promise<LiveRateQuote> => {
    options.onFallback?.(reason);
    return { source: 'rate-card', shipmentId: null, rates: await rateCardShop(req), messages, fallbackReason: reason };
  };
  return {
    name: `${adapter.name}+rate-cards`,
    async rates(req) {
      let quote: LiveRateQuote;
      try {
        quote = await withTimeout(adapter.rates(req), timeoutMs);
      } catch (error) {
        const e = error as Error;
        const kind = error instanceof LiveRateError ? error.kind : 'network';
        return fallBack(req, `${adapter.name} ${kind === 'timeout' ? 'timed out' : 'failed'}: ${e.message}`);
      }
      if (quote.rates.length === 0) return fallBack(req, `${adapter.name} returned no rates`, quote.messages);
      return quote;
    },
    buyLabel: (req) => adapter.buyLabel(req),
    void: (id) => adapter.void(id),
    track: (code, carrier) => adapter.track(code, carrier),
    fetchLabel: (url) => adapter.fetchLabel(url),
  };
}

/** Maps rate-shopping options onto the live-rate shape (source 'rate-card'). */
export function rateOptionsToLiveRates(options: RateOption[]): LiveRate[] {
  return options.map((o) => ({
    source: 'rate-card',
    rateId: null,
    carrier: o.carrierCode,
    service: o.serviceName,
    serviceKey: o.serviceKey,
    totalCents: o.totalCents,
    currency: o.currency,
    deliveryDays: o.transitBusinessDays,
    deliveryDate: o.expectedDeliveryDate,
    guaranteed: false,
  }));
}

/**
 * A RateCardShop over the shop's own tables: the request's from/to become origin and
 * destination; `shipAt` and the rest come from the context (caller supplies "now").
 */
export function makeRateCardShop(services: ShippingService[], context: (req: LiveRateRequest) => Omit<RateShoppingContext, 'origin'>): RateCardShop {
  return (req) => {
    const result = shopRates(
      {
        weightG: req.parcel.weightG,
        lengthMm: req.parcel.lengthMm,
        widthMm: req.parcel.widthMm,
        heightMm: req.parcel.heightMm,
        destination: { country: req.to.country, postalCode: req.to.zip, state: req.to.state, residential: req.to.residential },
      },
      services,
      { ...context(req), origin: { country: req.from.country, postalCode: req.from.zip } },
    );
    return rateOptionsToLiveRates(result.options);
  };
}
