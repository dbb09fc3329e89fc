import type { AddressDto } from '../../../../shared/api/orders';
import type { PostageAccountDto, PostageAccountUpdate } from '../../../../shared/api/shipping';
import { AppError, conflict, invalid } from '../../../../shared/errors';
import type { Core } from '../../../core';
import { createEasyPostAdapter } from '../easypost-adapter';
import type { LiveRate, LiveRateAdapter, PostalAddress } from '../live-rates';
import type { ShipFrom } from './rating';
import { deleteSetting, readSetting, writeSetting } from './setting-rows';
import type { CustomsDeclaration } from '../customs/declaration';
import type { LiveCustomsInfo } from '../live-rates';

/** The postage account (EasyPost): which carriers' labels are bought through it. Setting `shipping.postage`. */
export interface PostageSettings {
  provider: 'easypost';
  apiKey: string;
  /** Default https://api.easypost.com/v2; a test or a proxy may point elsewhere. */
  baseUrl: string | null;
  /** Our carrier codes (usps, ups, fedex, dhl) bought through the account; the rest are made from rate cards. */
  carriers: string[];
}

/** A label bought for one package: what the shipment stores, prints and reconciles. */
export interface BoughtLabel {
  trackingNumber: string;
  labelBytes: Buffer;
  labelFormat: 'zpl' | 'pdf' | 'png';
  costCents: number;
  currency: string;
  ref: { provider: 'easypost'; shipmentId: string; trackerId: string | null };
}

const SETTING = 'shipping.postage';
const KNOWN_CARRIERS = ['usps', 'ups', 'fedex', 'dhl'];

/**
 * Real postage. Shipshape picks the service from the shop's own rate cards and delivery record
 * (fast, offline, explainable); when the chosen service's carrier is on the postage account, the
 * label is then BOUGHT there for that exact service — the carrier's real tracking number, label
 * file (ZPL, passed to the printer unchanged) and price, which becomes the shipment's cost.
 */
export class PostageAccount {
  constructor(
    private readonly core: Core,
    private readonly makeAdapter: (s: PostageSettings) => LiveRateAdapter = (s) => createEasyPostAdapter({ apiKey: s.apiKey, baseUrl: s.baseUrl ?? undefined }),
  ) {}

  async settings(): Promise<PostageSettings | null> {
    const value = await readSetting(this.core.store, SETTING);
    return value ? (JSON.parse(value) as PostageSettings) : null;
  }

  async dto(): Promise<PostageAccountDto> {
    const s = await this.settings();
    if (!s) return { provider: null, apiKeyHint: null, baseUrl: null, carriers: [] };
    return { provider: s.provider, apiKeyHint: `…${s.apiKey.slice(-4)}`, baseUrl: s.baseUrl, carriers: s.carriers };
  }

  /** Connects (an API key is needed the first time), changes, or (`off`) disconnects the account. */
  async update(input: PostageAccountUpdate): Promise<PostageAccountDto> {
    const { store } = this.core;
    if (input.off) {
      await deleteSetting(store, SETTING);
    } else {
      const current = await this.settings();
      const apiKey = input.apiKey ?? current?.apiKey;
      if (!apiKey) throw invalid('An EasyPost API key is needed to connect the postage account', { field: 'apiKey' });
      const carriers = [...new Set((input.carriers ?? current?.carriers ?? KNOWN_CARRIERS).map((c) => c.toLowerCase()))];
      const unknown = carriers.find((c) => !KNOWN_CARRIERS.includes(c));
      if (unknown) throw invalid(`EasyPost does not buy postage for carrier "${unknown}" here (known: ${KNOWN_CARRIERS.join(', ')})`, { field: 'carriers' });
      const baseUrl = input.baseUrl === undefined ? (current?.baseUrl ?? null) : input.baseUrl;
      if (baseUrl !== null && !/^https?:\/\/\S+$/.test(baseUrl)) throw invalid(`"${baseUrl}" is not an http(s) address`, { field: 'baseUrl' });
      const settings: PostageSettings = { provider: 'easypost', apiKey, baseUrl, carriers };
      await writeSetting(store, SETTING, JSON.stringify(settings));
    }
    this.core.events.publish('shipping.config', {});
    return await this.dto();
  }

  /** The adapter that buys this carrier's labels, or null when its labels come from the rate cards. */
  async adapterFor(carrierCode: string): Promise<LiveRateAdapter | null> {
    const s = await this.settings();
    return s && s.carriers.includes(carrierCode) ? this.makeAdapter(s) : null;
  }

  /** The connected account's adapter whatever carriers it covers (address verification), or null. */
  async connectedAdapter(): Promise<LiveRateAdapter | null> {
    const s = await this.settings();
    return s ? this.makeAdapter(s) : null;
  }

  /** The adapter of the account that bought a label (for its refund), whatever carriers it covers now. */
  async adapterForRef(ref: { provider: string }): Promise<LiveRateAdapter> {
    const s = await this.settings();
    if (!s || s.provider !== ref.provider) throw conflict(`The ${ref.provider} postage account is disconnected: reconnect it to void this label and get the postage back`);
    return this.makeAdapter(s);
  }
}

/** EasyPost's carrier names for ours. */
const EASYPOST_CARRIERS: Record<string, string> = { usps: 'usps', ups: 'ups', fedex: 'fedex', dhlexpress: 'dhl', dhlecommerce: 'dhl' };
/** Our service codes whose EasyPost name is not the same words (compared without case, spaces and the carrier's name). */
const EASYPOST_SERVICE_ALIASES: Record<string, string> = { 'usps:priority_express': 'express', 'fedex:home_delivery': 'groundhomedelivery' };
const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether a live rate is our service: same carrier, and the same service name once spelling is set aside. */
export function isSameService(rate: Pick<LiveRate, 'carrier' | 'service'>, serviceKey: string): boolean {
  const [carrier, code] = serviceKey.split(':');
  if (EASYPOST_CARRIERS[words(rate.carrier)] !== carrier) return false;
  const theirs = words(rate.service).replace(new RegExp(`^${carrier}`), '');
  return theirs === (EASYPOST_SERVICE_ALIASES[serviceKey] ?? words(code));
}

export function postalAddressFrom(origin: ShipFrom): PostalAddress {
  return { name: origin.name, street1: origin.address, city: origin.city, state: origin.region || undefined, zip: origin.postalCode, country: origin.country };
}

export function postalAddressTo(to: AddressDto): PostalAddress {
  return {
    name: to.name,
    company: to.company ?? undefined,
    street1: to.line1,
    street2: to.line2 ?? undefined,
    city: to.city,
    state: to.regionCode ?? undefined,
    zip: to.postalCode,
    country: to.countryCode,
    phone: to.phone ?? undefined,
    residential: to.residential ?? undefined,
  };
}

/**
 * Buys one label per package for exactly the chosen service. All or nothing: if any package
 * cannot be bought, the labels already bought are voided (refunded) before the error is thrown,
 * so a failed shipment never leaves postage paid for.
 */
export async function buyPostage(
  adapter: LiveRateAdapter,
  req: {
    from: PostalAddress;
    to: PostalAddress;
    reference: string;
    serviceKey: string;
    serviceName: string;
    packages: { lengthMm: number; widthMm: number; heightMm: number; weightG: number }[];
    /** The shipment's customs declaration (checked already), passed to the provider's customs forms. */
    customs?: CustomsDeclaration | null;
  },
): Promise<BoughtLabel[]> {
  const bought: BoughtLabel[] = [];
  const customs = req.customs ? liveCustomsInfo(req.customs) : undefined;
  try {
    for (const [i, parcel] of req.packages.entries()) {
      const quote = await adapter.rates({ from: req.from, to: req.to, parcel, reference: `${req.reference}-${i + 1}`, labelFormat: 'ZPL', customs });
      const rate = quote.rates.find((r) => isSameService(r, req.serviceKey));
      if (!quote.shipmentId || !rate?.rateId) {
        const offered = quote.rates.map((r) => `${r.carrier} ${r.service}`).join(', ') || 'nothing';
        throw conflict(`${adapter.name} does not offer ${req.serviceName} for package ${i + 1} (it offers ${offered}${quote.messages.length ? `; ${quote.messages.join('; ')}` : ''})`, { field: 'service' });
      }
      const label = await adapter.buyLabel({ shipmentId: quote.shipmentId, rateId: rate.rateId });
      const entry: BoughtLabel = {
        trackingNumber: label.trackingCode,
        labelBytes: Buffer.alloc(0),
        labelFormat: 'zpl',
        costCents: label.totalCents,
        currency: label.currency,
        ref: { provider: 'easypost', shipmentId: label.shipmentId, trackerId: label.trackerId },
      };
      bought.push(entry);
      if (!label.labelZplUrl) throw conflict(`${adapter.name} bought the label for package ${i + 1} but made no ZPL file for the label printer`);
      entry.labelBytes = await adapter.fetchLabel(label.labelZplUrl);
    }
    return bought;
  } catch (error) {
    const refunds = await Promise.allSettled(bought.map((b) => adapter.void(b.ref.shipmentId)));
    const unrefunded = bought.filter((_, i) => refunds[i].status === 'rejected').map((b) => b.trackingNumber);
    const why = error instanceof Error ? error.message : String(error);
    const refundNote = bought.length === 0 ? '' : unrefunded.length ? ` Labels ${unrefunded.join(', ')} were bought and could not be voided: void them at EasyPost.` : ' The labels already bought were voided.';
    throw new AppError(error instanceof AppError ? error.code : 'CONFLICT', `Buying postage failed: ${why}.${refundNote}`, { field: 'service' });
  }
}

/** US exports over $2,500 need an AES filing (an ITN); under it the exemption is stated. */
const EEI_EXEMPTION_LIMIT_USD_CENTS = 250_000;

/** A declaration as the postage provider takes it. */
export function liveCustomsInfo(d: CustomsDeclaration): LiveCustomsInfo {
  let eelPfc: string | null = null;
  if (d.sender.country === 'US') {
    if (d.currency === 'USD' && d.totalValueCents > EEI_EXEMPTION_LIMIT_USD_CENTS) {
      throw conflict(`Order ${d.orderNumber} is a US export over $2,500: it needs an AES filing (ITN), which Shipshape does not file; file it and ship through the carrier's own tools`, { field: 'customs' });
    }
    eelPfc = 'NOEEI 30.37(a)';
  }
  return {
    contentsType: d.contentsType,
    incoterm: d.incoterm,
    signer: d.signer,
    eelPfc,
    nonDeliveryOption: 'return',
    items: d.items.map((i) => ({ code: i.sku, description: i.description, quantity: i.quantity, valueCents: i.valueCents, currency: d.currency, weightG: i.weightG, hsTariffNumber: i.hsCode.replace(/\./g, ''), originCountry: i.originCountry })),
    taxIds: d.taxIds,
  };
}
