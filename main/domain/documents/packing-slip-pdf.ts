import { mapInOrder } from '../../util/in-order';
import type PDFDocument from 'pdfkit';
import type { PaperSize } from '../../../shared/api/documents';
import type { AddressDto } from '../../../shared/api/orders';
import { notFound } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { buildPdf, code128Modules, drawSymbol, placeLinearBarcode } from '../../devices/labels';
import { linearBarcodeSymbol } from '../../devices/labels/barcode-symbols';
import type { Core } from '../../core';
import { readShopLocale } from '../system/shop-format';
import { isCustomerTrackingNumber, labelKindOf } from '../shipping/honest-labels';
import { documentSettings, logoBytes } from './document-settings';
import { fontsFor, PAGE_MARGIN_PT, PageCursor, paperPoints, PT_PER_MM, type Fonts } from './pdf-page';

export interface PackingSlipOptions {
  /** Default: the shop's document paper setting. */
  paper?: PaperSize;
  /** Default: the shop's "show prices" setting. */
  prices?: boolean;
}

/** Everything a packing slip prints, read from the store in one go (plain data: easy to test and render). */
export interface PackingSlipData {
  shopName: string;
  shipFrom: string[];
  orderNumber: string;
  placedAt: string;
  printedAt: string;
  shipTo: string[];
  lines: { sku: string; name: string; quantity: number; unitPriceCents: number; totalCents: number }[];
  currency: string;
  /** The shop's locale for money (Settings → Shop format); default en-US. */
  locale?: string;
  totals: { subtotalCents: number; discountCents: number; shippingCents: number; taxCents: number; totalCents: number };
  shipments: { service: string; tracking: string[] }[];
  returnInstructions: string;
  /** Scanned at the returns desk: the order number (returns accept it for an order with one open RMA). */
  returnCode: string;
  logo: Buffer | null;
}

function addressLines(a: AddressDto): string[] {
  return [a.name, a.company ?? '', a.line1, a.line2 ?? '', `${a.city}${a.regionCode ? `, ${a.regionCode}` : ''} ${a.postalCode}`, a.countryCode].filter((l) => l.trim() !== '');
}

export async function loadPackingSlip(core: Core, orderId: number): Promise<PackingSlipData> {
  const { store } = core;
  const order = await store.get(store.kysely.selectFrom('sales_order').selectAll().where('id', '=', orderId));
  if (!order) throw notFound(`Order ${orderId}`, { orderId });
  const settings = await documentSettings(core);
  const shipTo: AddressDto = order.ship_to
    ? (JSON.parse(order.ship_to) as AddressDto)
    : { name: order.customer_name, company: null, line1: '', line2: null, city: '', regionCode: null, postalCode: order.ship_postal_code, countryCode: order.ship_country, phone: null, residential: null };
  const warehouses = store.kysely.selectFrom('warehouse').select(['name', 'address', 'city', 'region', 'postal_code', 'country']);
  // The order's warehouse, else the first active one (an order not yet allocated has none).
  const warehouse =
    (order.warehouse_id !== null ? await store.get(warehouses.where('id', '=', order.warehouse_id)) : undefined) ??
    (await store.get(warehouses.where('active', '=', 1).orderBy('id').limit(1)));
  const lines = (await store.all(
    store.kysely.selectFrom('order_line').select(['sku', 'name', 'quantity', 'unit_price_cents', 'discount_cents']).where('order_id', '=', orderId).orderBy('line_no').orderBy('id'),
  ))
    .map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPriceCents: l.unit_price_cents, totalCents: l.unit_price_cents * l.quantity - l.discount_cents }));
  const outbound = store.kysely
    .selectFrom('shipment')
    .select(['id', 'service_name', 'carrier_code'])
    .where('order_id', '=', orderId)
    .where('status', '<>', 'voided')
    .where('direction', '=', 'outbound')
    .orderBy('id');
  const shipments = await mapInOrder(await store.all(outbound), async (s) => ({
      service: s.service_name,
      // Honest labels: the slip goes to the customer, so an internal reference (a postage carrier's
      // label made without bought postage) is never printed as a tracking number.
      tracking: (await store.all(
        store.kysely.selectFrom('shipment_package').select(['tracking_number as t', 'postage_ref']).where('shipment_id', '=', s.id).where('status', '<>', 'voided').orderBy('seq'),
      ))
        .filter((p) => isCustomerTrackingNumber(labelKindOf(s.carrier_code, p.postage_ref !== null)))
        .map((p) => p.t ?? '')
        .filter(Boolean),
    }));
  return {
    shopName: settings.shopName || warehouse?.name || 'Shop',
    shipFrom: warehouse ? [warehouse.address, `${warehouse.city}${warehouse.region ? `, ${warehouse.region}` : ''} ${warehouse.postal_code}`.trim(), warehouse.country].filter((l) => l.trim() !== '') : [],
    orderNumber: order.number,
    placedAt: order.placed_at.slice(0, 10),
    printedAt: core.clock.now().toISOString().slice(0, 10),
    shipTo: addressLines(shipTo),
    lines,
    currency: order.currency,
    locale: await readShopLocale(core.store),
    totals: { subtotalCents: order.subtotal_cents, discountCents: order.discount_cents, shippingCents: order.shipping_cents, taxCents: order.tax_cents, totalCents: order.total_cents },
    shipments,
    returnInstructions: settings.returnInstructions,
    returnCode: order.number,
    logo: await logoBytes(core),
  };
}

/**
 * The order's packing slip as a PDF on A4 or Letter: shop name and logo, ship-to, items with
 * quantities (and prices when asked), shipment and tracking, and return instructions with a
 * Code 128 barcode of the order number that the returns desk scans.
 */
export async function renderPackingSlipPdf(core: Core, orderId: number, opts: PackingSlipOptions = {}): Promise<Buffer> {
  const settings = await documentSettings(core);
  return packingSlipPdf(await loadPackingSlip(core, orderId), { paper: opts.paper ?? settings.paper, prices: opts.prices ?? settings.showPrices });
}

export function packingSlipPdf(data: PackingSlipData, opts: { paper: PaperSize; prices: boolean }): Promise<Buffer> {
  const size = paperPoints(opts.paper);
  // A sample amount too: some locales write money with characters Helvetica lacks (ja-JP's ￥, fr-FR's narrow space).
  const fonts = fontsFor([data.shopName, ...data.shipTo, ...data.shipFrom, ...data.lines.map((l) => l.name), data.returnInstructions, formatMoney(data.totals.totalCents, data.currency, data.locale)]);
  return buildPdf(size, (doc) => drawSlip(doc, size, fonts, data, opts.prices), { Title: `Packing slip ${data.orderNumber}` });
}

function drawSlip(doc: PDFDocument, size: [number, number], fonts: Fonts, data: PackingSlipData, prices: boolean): void {
  const m = PAGE_MARGIN_PT;
  const columns = prices ? { sku: 0, name: 0.2, qty: 0.62, unit: 0.72, total: 0.86 } : { sku: 0, name: 0.22, qty: 0.88, unit: -1, total: -1 };
  const money = (cents: number) => formatMoney(cents, data.currency, data.locale);
  const tableHeader = () => {
    doc.font(fonts.bold).fontSize(9).fillColor('#000');
    const w = cursor.width;
    doc.text('SKU', m + w * columns.sku, cursor.y, { lineBreak: false });
    doc.text('Item', m + w * columns.name, cursor.y, { lineBreak: false });
    doc.text('Qty', m + w * columns.qty, cursor.y, { width: w * 0.1, align: 'right', lineBreak: false });
    if (prices) {
      doc.text('Unit', m + w * columns.unit, cursor.y, { width: w * 0.13, align: 'right', lineBreak: false });
      doc.text('Total', m + w * columns.total, cursor.y, { width: w * 0.14, align: 'right', lineBreak: false });
    }
    cursor.y += 13;
    cursor.rule(0.5);
  };
  const cursor = new PageCursor(doc, size, () => {
    doc.font(fonts.regular).fontSize(8).text(`Packing slip ${data.orderNumber} (continued)`, m, cursor.y, { lineBreak: false });
    cursor.y += 16;
    tableHeader();
  });
  const w = cursor.width;

  // Header: logo and shop on the left, the document and order on the right.
  let textLeft = m;
  if (data.logo) {
    try {
      doc.image(data.logo, m, m, { fit: [40 * PT_PER_MM, 18 * PT_PER_MM] });
      textLeft = m + 44 * PT_PER_MM;
    } catch {
      // An unreadable logo leaves its place empty; the slip itself still prints.
    }
  }
  doc.font(fonts.bold).fontSize(16).text(data.shopName, textLeft, m, { width: w * 0.55 - (textLeft - m), lineBreak: false, ellipsis: true });
  doc.font(fonts.regular).fontSize(8.5);
  data.shipFrom.forEach((line, i) => doc.text(line, textLeft, m + 20 + i * 10.5, { width: w * 0.55 - (textLeft - m), lineBreak: false }));
  doc.font(fonts.bold).fontSize(16).text('PACKING SLIP', m + w * 0.55, m, { width: w * 0.45, align: 'right', lineBreak: false });
  doc.font(fonts.regular).fontSize(10);
  doc.text(`Order ${data.orderNumber}`, m + w * 0.55, m + 22, { width: w * 0.45, align: 'right', lineBreak: false });
  doc.text(`Ordered ${data.placedAt}`, m + w * 0.55, m + 35, { width: w * 0.45, align: 'right', lineBreak: false });
  doc.text(`Printed ${data.printedAt}`, m + w * 0.55, m + 48, { width: w * 0.45, align: 'right', lineBreak: false });
  cursor.y = m + 22 * PT_PER_MM;
  cursor.rule();

  // Ship to, and how it travels.
  doc.font(fonts.bold).fontSize(9).text('SHIP TO', m, cursor.y, { lineBreak: false });
  if (data.shipments.length) doc.text('SHIPPED WITH', m + w * 0.55, cursor.y, { lineBreak: false });
  const top = cursor.y + 13;
  doc.font(fonts.regular).fontSize(11);
  data.shipTo.forEach((line, i) => doc.font(i === 0 ? fonts.bold : fonts.regular).text(line, m, top + i * 14, { width: w * 0.52, lineBreak: false, ellipsis: true }));
  let right = top;
  doc.font(fonts.regular).fontSize(10);
  for (const s of data.shipments) {
    doc.text(s.service, m + w * 0.55, right, { width: w * 0.45, lineBreak: false, ellipsis: true });
    right += 13;
    for (const t of s.tracking) {
      doc.text(`Tracking ${t}`, m + w * 0.55, right, { width: w * 0.45, lineBreak: false });
      right += 13;
    }
  }
  cursor.y = Math.max(top + data.shipTo.length * 14, right) + 10;
  cursor.rule();

  // Items.
  tableHeader();
  for (const line of data.lines) {
    doc.font(fonts.regular).fontSize(10);
    const nameWidth = w * ((prices ? columns.qty : columns.qty) - columns.name) - 6;
    const nameHeight = doc.heightOfString(line.name, { width: nameWidth });
    cursor.need(Math.max(14, nameHeight + 4));
    const y = cursor.y;
    doc.text(line.sku, m + w * columns.sku, y, { width: w * (columns.name - columns.sku) - 6, lineBreak: false, ellipsis: true });
    doc.text(line.name, m + w * columns.name, y, { width: nameWidth });
    doc.font(fonts.bold).text(String(line.quantity), m + w * columns.qty, y, { width: w * 0.1, align: 'right', lineBreak: false });
    doc.font(fonts.regular);
    if (prices) {
      doc.text(money(line.unitPriceCents), m + w * columns.unit, y, { width: w * 0.13, align: 'right', lineBreak: false });
      doc.text(money(line.totalCents), m + w * columns.total, y, { width: w * 0.14, align: 'right', lineBreak: false });
    }
    cursor.y = y + Math.max(14, nameHeight + 4);
  }
  cursor.rule(0.5);
  const units = data.lines.reduce((n, l) => n + l.quantity, 0);
  cursor.need(14);
  doc.font(fonts.bold).fontSize(10).text(`${units} item${units === 1 ? '' : 's'}`, m + w * columns.qty - w * 0.3, cursor.y, { width: w * 0.4, align: 'right', lineBreak: false });
  cursor.y += 16;
  if (prices) {
    const t = data.totals;
    const rows: [string, number][] = [['Subtotal', t.subtotalCents], ...(t.discountCents ? [['Discount', -t.discountCents] as [string, number]] : []), ['Shipping', t.shippingCents], ['Tax', t.taxCents], ['Total', t.totalCents]];
    for (const [label, cents] of rows) {
      cursor.need(14);
      doc.font(label === 'Total' ? fonts.bold : fonts.regular).fontSize(10);
      doc.text(label, m + w * 0.6, cursor.y, { width: w * 0.22, align: 'right', lineBreak: false });
      doc.text(money(cents), m + w * columns.total, cursor.y, { width: w * 0.14, align: 'right', lineBreak: false });
      cursor.y += 14;
    }
  }

  // Returns: instructions and the barcode the returns desk scans (quiet zones are the page margin).
  doc.font(fonts.regular).fontSize(9.5);
  const instructionsHeight = doc.heightOfString(data.returnInstructions, { width: w });
  cursor.need(instructionsHeight + 40 + 20 * PT_PER_MM);
  cursor.y += 8;
  cursor.rule();
  doc.font(fonts.bold).fontSize(11).text('RETURNS', m, cursor.y, { lineBreak: false });
  cursor.y += 15;
  doc.font(fonts.regular).fontSize(9.5).text(data.returnInstructions, m, cursor.y, { width: w });
  cursor.y += instructionsHeight + 8;
  const yMm = cursor.y / PT_PER_MM;
  const placement = placeLinearBarcode({ labelWidthMm: 90, marginMm: m / PT_PER_MM, modules: code128Modules(data.returnCode), maxModuleMm: 0.4, minModuleMm: 0.3 });
  drawSymbol(doc, linearBarcodeSymbol({ kind: 'code128', x: placement.x, y: yMm, data: data.returnCode, heightMm: 12, moduleMm: placement.moduleMm, humanReadable: true }), placement.x, yMm);
  doc.font(fonts.regular);
}
