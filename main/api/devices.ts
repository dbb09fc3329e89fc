import { systemPrintBackend } from '../devices/printers';
import type { DomainHandlers } from './registry';

export const printerHandlers: DomainHandlers<'printers.'> = {
  'printers.list': (_i, { services }) => services.devices.registry.printerDtos(),
  'printers.upsert': (i, { services }) => services.devices.registry.upsertPrinter(i),
  'printers.remove': (i, { services }) => services.devices.registry.removePrinter(i.name),
  'printers.status': (i, { services }) => services.devices.printing.checkStatus(i.name, services.devices.status),
  'printers.systemQueues': async () => {
    try {
      return { queues: await systemPrintBackend().queues(), error: null };
    } catch (error) {
      return { queues: [], error: (error as Error).message };
    }
  },
  'printers.testPrint': (i, { services, actor }) => services.devices.printing.testPrint(i.name, actor),
};

export const printJobHandlers: DomainHandlers<'printJobs.' | 'print.'> = {
  'printJobs.list': (i, { services }) => services.devices.queue.list(i),
  'printJobs.get': (i, { services }) => services.devices.queue.get(i.id),
  'printJobs.preview': (i, { services }) => services.devices.queue.preview(i.id),
  'printJobs.retry': (i, { services }) => services.devices.queue.retry(i.id),
  'printJobs.cancel': (i, { services }) => services.devices.queue.cancel(i.id),
  'printJobs.reprint': (i, { services, actor }) => services.devices.queue.reprint(i.id, actor),
  'print.binLabels': (i, { services, actor }) => services.devices.printing.binLabels(services.inventory.warehouses.bins(i.warehouse, i.zone), i.printer, actor),
  'print.productLabel': (i, { services, actor }) =>
    services.devices.printing.productLabels(services.inventory.catalog.get({ sku: i.sku }), i.printer, i.copies, actor),
};

export const scaleHandlers: DomainHandlers<'scales.'> = {
  'scales.list': (_i, { services }) => services.devices.registry.scales().map((row) => services.devices.scales.dto(row)),
  'scales.discoverHid': (_i, { services }) => services.devices.scales.discoverHid(),
  'scales.upsert': (i, { services }) => {
    const row = services.devices.registry.upsertScale(i);
    services.devices.scales.reconcile();
    return services.devices.scales.dto(row);
  },
  'scales.remove': (i, { services }) => {
    const result = services.devices.registry.removeScale(i.name);
    services.devices.scales.reconcile();
    return result;
  },
  'scales.read': async (i, { services }) => {
    const reading = await services.devices.scales.read(services.devices.registry.scale(i.name));
    return { grams: reading.grams, stable: reading.stable, status: reading.status, ...(reading.message ? { message: reading.message } : {}) };
  },
  'scales.zero': async (i, { services }) => {
    const result = await services.devices.scales.zero(services.devices.registry.scale(i.name));
    return { ok: result.ok, ...(result.message ? { message: result.message } : {}) };
  },
  'scales.tare': async (i, { services }) => {
    const result = await services.devices.scales.tare(services.devices.registry.scale(i.name));
    return { ok: result.ok, ...(result.message ? { message: result.message } : {}) };
  },
};

export const stationHandlers: DomainHandlers<'stations.'> = {
  'stations.list': (_i, { services }) => services.devices.registry.stations(),
  'stations.upsert': (i, { services }) => services.devices.registry.upsertStation(i),
  'stations.remove': (i, { services }) => services.devices.registry.removeStation(i.name),
};
