import type { CONTENTS_TYPES, INCOTERMS } from '../../../../shared/api/customs';
import { fromMinor } from '../../../../shared/money';
import { customsFormFor, customsTerritory, IOSS_LIMIT_EUR_CENTS, needsCustoms, toEurCents, UK_LOW_VALUE_LIMIT_EUR_CENTS, type CustomsForm } from './territory';

/**
 * A shipment's customs declaration, built from the order, its products and the shop's customs
 * settings — or the list of what is missing, each naming the product and the field, so a shipment
 * that customs would stop is refused before postage is bought or anything is printed. Pure.
 */

export type ContentsType = (typeof CONTENTS_TYPES)[number];
export type Incoterm = (typeof INCOTERMS)[number];

/** The shop's numbers and defaults (setting `shipping.customs`). */
export interface CustomsSettings {
  /** Economic Operators Registration and Identification number (EU or UK), e.g. "DE123456789012345". */
  eori: string | null;
  /** EU Import One-Stop Shop number, "IM" + 10 digits. */
  ioss: string | null;
  /** UK VAT registration number ("GB123456789"), for UK consignments up to £135 sold DDP. */
  ukVat: string | null;
  /** Who certifies the declarations (EasyPost's customs_signer; signed on the forms). */
  signer: string | null;
  defaultContentsType: ContentsType;
  defaultIncoterm: Incoterm;
}

export const DEFAULT_CUSTOMS_SETTINGS: CustomsSettings = { eori: null, ioss: null, ukVat: null, signer: null, defaultContentsType: 'merchandise', defaultIncoterm: 'DDU' };

export interface CustomsLineInput {
  sku: string;
  name: string;
  quantity: number;
  /** What was paid for the line's units (after discounts), minor units of the order currency. */
  valueCents: number;
  /** Per unit, grams (0: unknown). */
  unitWeightG: number;
  hsCode: string | null;
  originCountry: string | null;
  customsDescription: string | null;
}

export interface CustomsParty {
  name: string;
  lines: string[];
  country: string;
}

export interface CustomsItem {
  sku: string;
  description: string;
  hsCode: string;
  originCountry: string;
  quantity: number;
  valueCents: number;
  weightG: number;
}

export interface CustomsDeclaration {
  form: CustomsForm;
  contentsType: ContentsType;
  incoterm: Incoterm;
  currency: string;
  orderNumber: string;
  sender: CustomsParty;
  recipient: CustomsParty;
  items: CustomsItem[];
  totalValueCents: number;
  totalWeightG: number;
  /** The sender's numbers this destination asks for, in the order they are printed. */
  taxIds: { type: 'EORI' | 'IOSS' | 'VAT'; number: string; issuingCountry: string }[];
  signer: string;
  /** Made on (YYYY-MM-DD). */
  date: string;
}

export type CustomsCheck = { required: false } | { required: true; ok: false; problems: string[]; form: CustomsForm } | { required: true; ok: true; declaration: CustomsDeclaration };

export interface CustomsRequest {
  orderNumber: string;
  currency: string;
  sender: CustomsParty;
  recipient: CustomsParty;
  lines: CustomsLineInput[];
  contentsType: ContentsType;
  incoterm: Incoterm;
  settings: CustomsSettings;
  date: string;
}

export const HS_CODE = /^\d{4}(\.?\d{2})(\.?\d{2}){0,2}$/;

function money(minor: number, currency: string): string {
  return `${currency} ${fromMinor(minor, currency)}`;
}

/** Whether customs applies, and if so the declaration or every missing piece (product and field). */
export function declareCustoms(req: CustomsRequest): CustomsCheck {
  if (!needsCustoms(req.sender.country, req.recipient.country)) return { required: false };
  const problems: string[] = [];
  const items: CustomsItem[] = [];
  for (const line of req.lines) {
    const missing: string[] = [];
    const hs = (line.hsCode ?? '').trim();
    if (!hs) missing.push('HS code missing');
    else if (!HS_CODE.test(hs)) missing.push(`HS code "${hs}" is not 6–10 digits`);
    const origin = (line.originCountry ?? '').trim().toUpperCase();
    if (!origin) missing.push('country of origin missing');
    const description = (line.customsDescription ?? '').trim();
    if (!description) missing.push('customs description missing');
    if (line.unitWeightG <= 0) missing.push('weight missing');
    if (line.valueCents <= 0 && req.contentsType === 'merchandise') missing.push('value is 0 (merchandise is declared at the price paid)');
    if (missing.length > 0) problems.push(`SKU ${line.sku}: ${missing.join(', ')}`);
    else items.push({ sku: line.sku, description, hsCode: hs, originCountry: origin, quantity: line.quantity, valueCents: line.valueCents, weightG: line.unitWeightG * line.quantity });
  }
  const totalValueCents = req.lines.reduce((s, l) => s + l.valueCents, 0);
  const form = customsFormFor(totalValueCents, req.currency);

  const { settings } = req;
  const from = customsTerritory(req.sender.country);
  const to = customsTerritory(req.recipient.country);
  const taxIds: CustomsDeclaration['taxIds'] = [];
  const eur = toEurCents(totalValueCents, req.currency);
  const where = 'add it under Settings → Customs';
  // An EORI is asked for by EU and UK customs of whoever exports from or imports into them: the
  // shop exports from the EU/UK, or is the importer of record (DDP) into it.
  const eoriNeeded = from === 'EU' || from === 'GB' || (req.incoterm === 'DDP' && (to === 'EU' || to === 'GB'));
  if (eoriNeeded) {
    if (settings.eori) taxIds.push({ type: 'EORI', number: settings.eori, issuingCountry: settings.eori.slice(0, 2).toUpperCase() });
    else problems.push(`EORI number missing (${from === 'EU' || from === 'GB' ? `exports from the ${from}` : `${to} imports shipped DDP`} need one) — ${where}`);
  }
  if (to === 'EU' && req.incoterm === 'DDP' && req.contentsType !== 'documents' && eur !== null && eur <= IOSS_LIMIT_EUR_CENTS) {
    if (settings.ioss) taxIds.push({ type: 'IOSS', number: settings.ioss, issuingCountry: 'EU' });
    else problems.push(`IOSS number missing (an EU consignment of ${money(totalValueCents, req.currency)}, up to €150, shipped DDP) — ${where}`);
  }
  if (to === 'GB' && req.incoterm === 'DDP' && req.contentsType !== 'documents' && eur !== null && eur <= UK_LOW_VALUE_LIMIT_EUR_CENTS) {
    if (settings.ukVat) taxIds.push({ type: 'VAT', number: settings.ukVat, issuingCountry: 'GB' });
    else problems.push(`UK VAT number missing (a UK consignment of ${money(totalValueCents, req.currency)}, up to £135, shipped DDP) — ${where}`);
  }
  if (problems.length > 0) return { required: true, ok: false, problems, form };
  return {
    required: true,
    ok: true,
    declaration: {
      form,
      contentsType: req.contentsType,
      incoterm: req.incoterm,
      currency: req.currency,
      orderNumber: req.orderNumber,
      sender: req.sender,
      recipient: req.recipient,
      items,
      totalValueCents,
      totalWeightG: items.reduce((s, i) => s + i.weightG, 0),
      taxIds,
      signer: settings.signer || req.sender.name,
      date: req.date,
    },
  };
}

/** One sentence for a refusal: "Customs data missing for order #1001: SKU TEA-1: HS code missing; …". */
export function customsRefusal(orderNumber: string, problems: string[]): string {
  return `Customs data missing for order ${orderNumber}: ${problems.join('; ')}`;
}
