import { LABEL_4X6_MM, type LabelElement, type LabelLayout, type LabelSize } from '../../../devices/labels';

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

  elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.435), text: `${input.carrierName} · ${input.serviceName}`.toUpperCase(), heightMm: 5.5, maxWidthMm: inner, reverse: true, minHeightMm: 3.5 });
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.5), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.515), text: `TRACKING #: ${groupTrackingNumber(input.trackingNumber)}`, heightMm: 3.6, maxWidthMm: inner, bold: true });
  // Modules as wide as fit: long alphanumeric UPS numbers need ~250 modules, IMpb digits ~170.
  const modules = 11 * (Math.ceil(input.trackingNumber.length / (/^\d+$/.test(input.trackingNumber) ? 2 : 1)) + 3) + 13;
  elements.push({ kind: 'code128', x: MARGIN_MM, y: at(0.55), data: input.trackingNumber, heightMm: at(0.2), moduleMm: Math.max(0.25, Math.min(0.5, inner / modules)), humanReadable: true });
  elements.push({ kind: 'line', x: MARGIN_MM, y: at(0.82), direction: 'horizontal', lengthMm: inner, thicknessMm: 0.5 });

  elements.push({ kind: 'text', x: MARGIN_MM, y: at(0.84), text: `REF: ${input.orderReference}`, heightMm: 4, maxWidthMm: inner, bold: true });
  elements.push({ kind: 'code128', x: MARGIN_MM, y: at(0.885), data: input.orderReference, heightMm: at(0.07), moduleMm: 0.25, humanReadable: false });
  return { widthMm, heightMm, elements };
}
