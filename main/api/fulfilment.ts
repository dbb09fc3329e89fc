import type { DomainHandlers } from './registry';

export const pickingHandlers: DomainHandlers<'picking.'> = {
  'picking.batches': async (i, { services }) => await services.fulfilment.picking.list(i),
  'picking.batch': async (i, { services }) => await services.fulfilment.picking.batch(i.id),
  'picking.createBatches': async (i, { services, actor }) => await services.fulfilment.picking.createBatches(i, actor),
  'picking.cancelBatch': async (i, { services, actor }) => await services.fulfilment.picking.cancelBatch(i.id, i.reason, actor),
  'picking.next': async (i, { services }) => await services.fulfilment.picking.next(i.batchId),
  'picking.scanBin': async (i, { services }) => await services.fulfilment.picking.scanBin(i.taskId, i.code),
  'picking.scanItem': async (i, { services }) => await services.fulfilment.picking.scanItem(i.taskId, i.code),
  'picking.confirm': async (i, { services, actor }) => await services.fulfilment.picking.confirm(i.taskId, i.code, i.qty, actor),
  'picking.printList': (i, { services, actor }) => services.fulfilment.printPickList(i.batchId, i, actor),
  'picking.shortages': async (i, { services }) => await services.fulfilment.shortages(i),
  'picking.checkShortage': async (i, { services }) => await services.fulfilment.checkShortage(i.id),
  'picking.slotting': async (i, { services }) => await services.fulfilment.slotting(i.warehouse, i.days, i.maxMoves),
};

export const packingHandlers: DomainHandlers<'packing.'> = {
  'packing.settings': async (_i, { services }) => await services.fulfilment.packing.settings(),
  'packing.updateSettings': async (i, { services }) => await services.fulfilment.packing.updateSettings(i),
  'packing.current': async (i, { services }) => await services.fulfilment.packing.current(i.station),
  'packing.open': async (i, { services, actor }) => await services.fulfilment.packing.open(i.station, i.code, actor),
  'packing.get': async (i, { services }) => await services.fulfilment.packing.get(i.sessionId),
  'packing.scanItem': async (i, { services, actor }) => await services.fulfilment.packing.scanItem(i.sessionId, i.code, i.lot, actor),
  'packing.weigh': (i, { services, actor }) => services.fulfilment.packing.weigh(i.sessionId, i.grams, actor),
  'packing.setBox': async (i, { services, actor }) => await services.fulfilment.packing.setBox(i.sessionId, i.box, actor),
  'packing.override': async (i, { services, actor }) => await services.fulfilment.packing.override(i.sessionId, i.reason, i.supervisor, actor, i.pin),
  'packing.clearOverride': async (i, { services, actor }) => await services.fulfilment.packing.clearOverride(i.sessionId, actor),
  'packing.setSupervisorPin': async (i, { services }) => await services.fulfilment.packing.setSupervisorPin(i.pin),
  'packing.takeOver': async (i, { services, actor }) => await services.fulfilment.packing.takeOver(i.station, i.code, actor),
  'packing.rates': async (i, { services }) => await services.fulfilment.packing.rates(i.sessionId),
  'packing.ship': (i, { services, actor }) => services.fulfilment.packing.ship(i.sessionId, i, actor),
  'packing.release': async (i, { services, actor }) => await services.fulfilment.packing.release(i.sessionId, i.reason, i.backToPicking, actor),
  'packing.stats': async (i, { services }) => await services.fulfilment.packing.stats(i.days),
};

export const returnsHandlers: DomainHandlers<'returns.'> = {
  'returns.list': async (i, { services }) => await services.fulfilment.returns.list(i),
  'returns.get': async (i, { services }) => await services.fulfilment.returns.get(i),
  'returns.create': async (i, { services, actor }) => await services.fulfilment.returns.create(i, actor),
  'returns.receive': async (i, { services, actor }) => await services.fulfilment.returns.receive(i.code, i.station, actor),
  'returns.grade': async (i, { services, actor }) => await services.fulfilment.returns.grade(i, actor),
  'returns.cancel': async (i, { services, actor }) => await services.fulfilment.returns.cancel(i.id, i.reason, actor),
  'returns.reasons': async (i, { services }) => await services.fulfilment.returns.reasons(i.days),
  'returns.refunds': async (i, { services }) => await services.fulfilment.returns.refunds(i.from, i.to),
};
