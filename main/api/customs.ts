import { conflict } from '../../shared/errors';
import { loadOrderFacts } from '../domain/shipping/service/rating';
import type { DomainHandlers } from './registry';

/** Customs: settings, the order page's preview, and the documents as PDF (main/domain/shipping/customs). */
export const customsHandlers: DomainHandlers<'customs.'> = {
  'customs.settings': async (_i, { services }) => await services.shipping.shipments.customs.settingsDto(),
  'customs.updateSettings': async (i, { services }) => await services.shipping.shipments.customs.updateSettings(i),
  'customs.updateProduct': async (i, { services }) => await services.shipping.shipments.customs.updateProduct(i),
  'customs.preview': async (i, { services }) => {
    const facts = await loadOrderFacts(services.core, services.shipping.config, i.orderId);
    return await services.shipping.shipments.customs.preview(facts, i);
  },
  'customs.setChoice': async (i, { services }) => {
    await services.shipping.shipments.customs.setChoice(i.orderId, { contentsType: i.contentsType, incoterm: i.incoterm });
    return await services.shipping.shipments.customs.preview(await loadOrderFacts(services.core, services.shipping.config, i.orderId));
  },
  'customs.document': async (i, { services }) => {
    const { customs } = services.shipping.shipments;
    let bytes: Buffer;
    let name: string;
    if (i.shipmentId !== undefined) {
      bytes = await customs.document(i.shipmentId, i.kind);
      name = `shipment-${i.shipmentId}`;
    } else {
      const facts = await loadOrderFacts(services.core, services.shipping.config, i.orderId!);
      const declaration = await customs.require(facts, i);
      if (!declaration) throw conflict(`Order ${facts.order.number} stays inside one customs territory: it needs no customs documents`);
      const document = (await customs.render(declaration)).find((d) => d.kind === i.kind);
      if (!document) throw conflict(`Order ${facts.order.number} needs no ${i.kind.replace('_', ' ')} (its declaration uses ${declaration.form})`, { field: 'kind' });
      bytes = document.bytes;
      name = `order-${facts.order.number.replace(/[^A-Za-z0-9-]/g, '')}`;
    }
    return { fileName: `${name}-${i.kind}.pdf`, contentType: 'application/pdf' as const, base64: bytes.toString('base64') };
  },
};
