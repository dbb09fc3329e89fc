import { mapInOrder } from '../../util/in-order';
import type { PaperSize, PdfFileDto } from '../../../shared/api/documents';
import type { PrintJobDto } from '../../../shared/api/devices';
import { conflict, notFound } from '../../../shared/errors';
import type { Devices } from '../../devices/device-service';
import { renderLabelsPdf, type LabelLayout, type LabelPaper } from '../../devices/labels';
import { renderLabelsPdfFor } from '../../devices/print-documents';
import type { Core } from '../../core';
import type { Fulfilment } from '../fulfilment/service/index';
import type { Shipping } from '../shipping/service/index';
import { documentSettings } from './document-settings';
import { renderPackingSlipPdf, type PackingSlipOptions } from './packing-slip-pdf';
import { renderPickListPdf } from './pick-list-pdf';

export function pdfFile(filename: string, pdf: Buffer): PdfFileDto {
  return { filename, base64: pdf.toString('base64'), pages: (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length };
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '') || 'document';

async function orderNumber(core: Core, orderId: number): Promise<string> {
  const { store } = core;
  return (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', orderId)))?.number ?? String(orderId);
}

export async function packingSlipFile(core: Core, orderId: number, opts: PackingSlipOptions): Promise<PdfFileDto> {
  const pdf = await renderPackingSlipPdf(core, orderId, opts);
  const number = await orderNumber(core, orderId);
  return pdfFile(`packing-slip-${safeName(number)}.pdf`, pdf);
}

/** Renders the order's packing slip and queues it on a system printer (through the persisted print queue). */
export async function printPackingSlip(core: Core, devices: Devices, orderId: number, printerName: string, opts: PackingSlipOptions, actor: string): Promise<PrintJobDto> {
  const printer = await devices.registry.printer(printerName);
  const pdf = await renderPackingSlipPdf(core, orderId, opts);
  const number = await orderNumber(core, orderId);
  return await devices.printing.enqueuePdf(printer, pdf, { kind: 'packing_slip', reference: number, actor, title: `Packing slip ${number}` });
}

export async function pickListFile(core: Core, fulfilment: Fulfilment, batchId: number, paper: PaperSize | undefined): Promise<PdfFileDto> {
  const batch = await fulfilment.picking.batch(batchId);
  const pdf = await renderPickListPdf(batch, { paper: paper ?? (await documentSettings(core)).paper, printedAt: core.clock.now().toISOString() });
  return pdfFile(`pick-list-batch-${batchId}.pdf`, pdf);
}

/** A shipment's package labels (not voided), as Shipshape draws them. */
async function shipmentLayouts(core: Core, shipping: Shipping, shipmentId: number): Promise<LabelLayout[]> {
  const { store } = core;
  const shipment = await store.get(store.kysely.selectFrom('shipment').select('status').where('id', '=', shipmentId));
  if (!shipment) throw notFound(`Shipment ${shipmentId}`, { shipmentId });
  if (shipment.status === 'voided') throw conflict(`Shipment ${shipmentId} is voided; its labels must not be used`);
  const packages = await store.all(store.kysely.selectFrom('shipment_package').select(['id', 'postage_ref']).where('shipment_id', '=', shipmentId).where('status', '<>', 'voided').orderBy('seq'));
  // A bought label is the carrier's own file (ZPL): a redrawn PDF of it would not be the carrier's label.
  if (packages.some((p) => p.postage_ref)) throw conflict(`Shipment ${shipmentId} has bought postage labels in the carrier's ZPL; print them on a ZPL label printer`);
  return await mapInOrder(packages, async (p) => await shipping.shipments.layoutFor(shipmentId, p.id));
}

/** The labels as the 4×6 pages or A4/Letter sheets an office printer takes. */
export async function shipmentLabelsFile(core: Core, shipping: Shipping, shipmentId: number, paper: LabelPaper): Promise<PdfFileDto> {
  return pdfFile(`labels-shipment-${shipmentId}-${paper}.pdf`, await renderLabelsPdf(await shipmentLayouts(core, shipping, shipmentId), paper));
}

export async function printShipmentLabels(core: Core, shipping: Shipping, devices: Devices, shipmentId: number, printerName: string, actor: string): Promise<PrintJobDto> {
  const printer = await devices.registry.printer(printerName);
  const layouts = await shipmentLayouts(core, shipping, shipmentId);
  const rendered = await renderLabelsPdfFor(printer, layouts, `Labels shipment ${shipmentId}`);
  return await devices.printing.enqueuePdf(printer, rendered.payload, { kind: 'shipping_label', reference: `shipment ${shipmentId}`, actor, title: `Labels shipment ${shipmentId}` });
}
