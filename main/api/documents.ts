import { documentSettings, updateDocumentSettings } from '../domain/documents/index';
import { packingSlipFile, pickListFile, printPackingSlip, printShipmentLabels, shipmentLabelsFile } from '../domain/documents/printing';
import type { DomainHandlers } from './registry';

export const documentHandlers: DomainHandlers<'documents.'> = {
  'documents.settings': async (_i, { services }) => await documentSettings(services.core),
  'documents.updateSettings': async (i, { services }) => await updateDocumentSettings(services.core, i),
  'documents.packingSlip': (i, { services }) => packingSlipFile(services.core, i.orderId, { paper: i.paper, prices: i.prices }),
  'documents.printPackingSlip': (i, { services, actor }) => printPackingSlip(services.core, services.devices, i.orderId, i.printer, { paper: i.paper, prices: i.prices }, actor),
  'documents.pickList': (i, { services }) => pickListFile(services.core, services.fulfilment, i.batchId, i.paper),
  'documents.printShipmentLabels': (i, { services, actor }) => printShipmentLabels(services.core, services.shipping, services.devices, i.shipmentId, i.printer, actor),
  'documents.shipmentLabels': (i, { services }) => shipmentLabelsFile(services.core, services.shipping, i.shipmentId, i.paper),
};
