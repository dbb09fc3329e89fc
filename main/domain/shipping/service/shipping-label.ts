import { code128Modules, LABEL_4X6_MM, placeLinearBarcode, type LabelElement, type LabelLayout, type LabelSize } from '../../../devices/labels';
import { NOT_POSTAGE_BANNER } from '../honest-labels';

/**
 * The 4×6 in shipping label Shipshape prints for rate-card services, as a devices label layout
 * (so the same data renders to ZPL for the printer and SVG for the preview):
 * ship-from (small, top-left), service band, ship-to (large), weight and package count,
 * the tracking number as a Code 128 barcode with its human-readable line, and the order reference.
 */
export interface LabelAddress {
  name: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
}

export interface ShippingLabelInput {
  from: LabelAddress;
  to: LabelAddress;
  carrierName: string;
  serviceName: string;
  weightG: number;
  packageSeq: number;
  packageCount: number;
  trackingNumber: string;
  orderReference: string;
  shipDate: string;
  /**
   * The label of a postage carrier whose postage was not bought: "NOT POSTAGE — REFERENCE ONLY"
   * is printed across it (part of the layout, so ZPL, ESC/POS, SVG and PDF all draw it) and the
   * number is labelled as an internal reference, not tracking.
   */
  notPostage?: boolean;
}

const MARGIN_MM = 4;

/** "1.36 kg / 3.0 lb": both, because packers and carriers think in different units. */
export function formatLabelWeight(weightG: number): string {
  const lb = Math.ceil((weightG / 453.59237) * 10) / 10;
  return `${(weightG / 1000).toFixed(2)} kg / ${lb.toFixed(1)} lb`;
}

/** Tracking numbers printed in groups of four are what people read aloud on the phone. */
export function groupTrackingNumber(tracking: string): string {
  return tracking.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The service band: carrier and service in full, upper case (wrapped by the template, never clipped). */
export function serviceBandText(carrierName: string, serviceName: string): string {
  return `${carrierName.trim()} · ${serviceName.trim()}`.toUpperCase();
}

function addressLines(a: LabelAddress): string[] {
  return [a.company ?? '', a.line1, a.line2 ?? '', `${a.city}${a.region ? `, ${a.region}` : ''} ${a.postalCode}`, a.country].filter((l) => l.trim() !== '');
}

export function shippingLabel(input: ShippingLabelInput, size: LabelSize = LABEL_4X6_MM): LabelLayout {
  const { widthMm, heightMm } = size;
  const inner = widthMm - 2 * MARGIN_MM;
  const at = (fraction: number) => heightMm * fraction;
  const elements: LabelElement[] = [];
  const from = [input.from.name, ...addressLines(input.from)];
  from.slice(0, 5).forEach((text, i) => elements.push({ kind: 'text', x: MARGIN_MM, y: MARGIN_MM + i * 3.4, text, heightMm: 2.8, maxWidthMm: inner * 0.62 }));
  elements.push({ kind: 'text', x: MARGIN_MM + inner * 0.64, y: MARGIN_MM, text: input.shipDate, heightMm: 2.8, maxWidthMm: inner * 0.36, align: 'right' });
  elements.push({ kind: 'text', x: MARGIN_MM + inner * 0.64, y: MARGIN_MM + 4, text: formatLabelWeight(input.weightG), heightMm: 2.8, maxWidthMm: inner * 0.36, align: 'right' });
  elements.push({
    kind: 'text',
    x: MARGIN_MM + inner * 0.64,
    y: MARGIN_MM + 8,
    text: `PKG ${input.packageSeq} OF ${input.packageCount}`,
    heightMm: 3.2,
    maxWidthMm: inner * 0.36,
    align: 'right',
    bold: true,
  });
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.15), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.165), text: 'SHIP TO:', heightMm: 2.8, maxWidthMm: inner });
  const to = [input.to.name, ...addressLines(input.to)];
  to.slice(0, 6).forEach((text, i) =>
    elements.push({ kind: 'text', x: MARGIN_MM + 6, y: at(0.19) + i * 5.4, text, heightMm: 4.4, maxWidthMm: inner - 6, bold: i === 0, minHeightMm: 3 }),
  );
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.42), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  // The service band wraps to a second line (shrinking as needed) rather than clipping the name:
  // "USPS PRIORITY MAIL EXPRESS" must be read whole by whoever sorts the parcel.
  elements.push({
    kind: 'text',
    x: MARGIN_MM,
    y: at(0.435),
    text: serviceBandText(input.carrierName, input.serviceName),
    heightMm: 5.5,
    maxWidthMm: inner,
    reverse: true,
    maxLines: 2,
    minHeightMm: 2.8,
    maxBlockHeightMm: at(0.5) - at(0.435) - 0.6,
  });
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.5), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  if (input.notPostage) {
    // White on black, the full width, where the tracking number would be: nobody mistakes it for postage.
    elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.505), text: NOT_POSTAGE_BANNER, heightMm: 4.8, maxWidthMm: inner, reverse: true, bold: true, align: 'center', minHeightMm: 3 });
  } else {
    elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.515), text: `TRACKING #: ${groupTrackingNumber(input.trackingNumber)}`, heightMm: 3.6, maxWidthMm: inner, bold: true });
  }
  // Modules as wide as fit with a 10-module quiet zone each side: long alphanumeric UPS numbers
  // need ~250 modules, IMpb digits ~170.
  const tracking = placeLinearBarcode({ labelWidthMm: widthMm, marginMm: MARGIN_MM, modules: code128Modules(input.trackingNumber || ' '), maxModuleMm: 0.5, minModuleMm: 0.25 });
  if (input.trackingNumber) elements.push({ kind: 'code128', x: tracking.x, y: at(0.55), data: input.trackingNumber, heightMm: at(0.2), moduleMm: tracking.moduleMm, humanReadable: true });
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.82), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.84), text: `REF: ${input.orderReference}`, heightMm: 4, maxWidthMm: inner, bold: true });
  const ref = placeLinearBarcode({ labelWidthMm: widthMm, marginMm: MARGIN_MM, modules: code128Modules(input.orderReference), maxModuleMm: 0.25, minModuleMm: 0.25 });
  elements.push({ kind: 'code128', x: ref.x, y: at(0.885), data: input.orderReference, heightMm: at(0.07), moduleMm: ref.moduleMm, humanReadable: false });
  if (input.notPostage) {
    elements.push({ kind: 'text', x: MARGIN_MM + inner * 0.5, y: at(0.84), text: 'INTERNAL REFERENCE, NOT TRACKING', heightMm: 2.8, maxWidthMm: inner * 0.5, align: 'right' });
    elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.96), text: NOT_POSTAGE_BANNER, heightMm: 3.6, maxWidthMm: inner, reverse: true, bold: true, align: 'center', minHeightMm: 2.5 });
  }
  return { widthMm, heightMm, elements };
}
