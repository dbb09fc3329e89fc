import type { DomainHandlers } from './registry';

export const pickingHandlers: DomainHandlers<'picking.'> = {
  'picking.batches': (i, { services }) => services.fulfilment.picking.list(i),
  'picking.batch': (i, { services }) => services.fulfilment.picking.batch(i.id),
  'picking.createBatches': (i, { services, actor }) => services.fulfilment.picking.createBatches(i, actor),
  'picking.cancelBatch': (i, { services, actor }) => services.fulfilment.picking.cancelBatch(i.id, i.reason, actor),
  'picking.next': (i, { services }) => services.fulfilment.picking.next(i.batchId),
  'picking.scanBin': (i, { services }) => services.fulfilment.picking.scanBin(i.taskId, i.code),
  'picking.scanItem': (i, { services }) => services.fulfilment.picking.scanItem(i.taskId, i.code),
  'picking.confirm': (i, { services, actor }) => services.fulfilment.picking.confirm(i.taskId, i.code, i.qty, actor),
  'picking.printList': (i, { services, actor }) => services.fulfilment.printPickList(i.batchId, i, actor),
  'picking.shortages': (i, { services }) => services.fulfilment.shortages(i),
  'picking.checkShortage': (i, { services }) => services.fulfilment.checkShortage(i.id),
  'picking.slotting': (i, { services }) => services.fulfilment.slotting(i.warehouse, i.days, i.maxMoves),
};

export const packingHandlers: DomainHandlers<'packing.'> = {
  'packing.settings': (_i, { services }) => services.fulfilment.packing.settings(),
  'packing.updateSettings': (i, { services }) => services.fulfilment.packing.updateSettings(i),
  'packing.current': (i, { services }) => services.fulfilment.packing.current(i.station),
  'packing.open': (i, { services, actor }) => services.fulfilment.packing.open(i.station, i.code, actor),
  'packing.get': (i, { services }) => services.fulfilment.packing.get(i.sessionId),
  'packing.scanItem': (i, { services, actor }) => services.fulfilment.packing.scanItem(i.sessionId, i.code, i.lot, actor),
  'packing.weigh': (i, { services, actor }) => services.fulfilment.packing.weigh(i.sessionId, i.grams, actor),
  'packing.setBox': (i, { services, actor }) => services.fulfilment.packing.setBox(i.sessionId, i.box, actor),
  'packing.override': (i, { services, actor }) => services.fulfilment.packing.override(i.sessionId, i.reason, i.supervisor, actor, i.pin),
  'packing.clearOverride': (i, { services, actor }) => services.fulfilment.packing.clearOverride(i.sessionId, actor),
  'packing.setSupervisorPin': (i, { services }) => services.fulfilment.packing.setSupervisorPin(i.pin),
  'packing.takeOver': (i, { services, actor }) => services.fulfilment.packing.takeOver(i.station, i.code, actor),
  'packing.rates': (i, { services }) => services.fulfilment.packing.rates(i.sessionId),
  'packing.ship': (i, { services, actor }) => services.fulfilment.packing.ship(i.sessionId, i, actor),
  'packing.release': (i, { services, actor }) => services.fulfilment.packing.release(i.sessionId, i.reason, i.backToPicking, actor),
  'packing.stats': (i, { services }) => services.fulfilment.packing.stats(i.days),
};

export const returnsHandlers: DomainHandlers<'returns.'> = {
  'returns.list': (i, { services }) => services.fulfilment.returns.list(i),
  'returns.get': (i, { services }) => services.fulfilment.returns.get(i),
  'returns.create': (i, { services, actor }) => services.fulfilment.returns.create(i, actor),
  'returns.receive': (i, { services, actor }) => services.fulfilment.returns.receive(i.code, i.station, actor),
  'returns.grade': (i, { services, actor }) => services.fulfilment.returns.grade(i, actor),
  'returns.cancel': (i, { services, actor }) => services.fulfilment.returns.cancel(i.id, i.reason, actor),
  'returns.reasons': (i, { services }) => services.fulfilment.returns.reasons(i.days),
  'returns.refunds': (i, { services }) => services.fulfilment.returns.refunds(i.from, i.to),
};
