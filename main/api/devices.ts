import { systemPrintBackend } from '../devices/printers';
import type { DomainHandlers } from './registry';

export const printerHandlers: DomainHandlers<'printers.'> = {
  'printers.list': async (_i, { services }) => await services.devices.registry.printerDtos(),
  'printers.upsert': async (i, { services }) => await services.devices.registry.upsertPrinter(i),
  'printers.remove': async (i, { services }) => await services.devices.registry.removePrinter(i.name),
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
  'printJobs.list': async (i, { services }) => await services.devices.queue.list(i),
  'printJobs.get': async (i, { services }) => await services.devices.queue.get(i.id),
  'printJobs.preview': async (i, { services }) => await services.devices.queue.preview(i.id),
  'printJobs.retry': async (i, { services }) => await services.devices.queue.retry(i.id),
  'printJobs.cancel': async (i, { services }) => await services.devices.queue.cancel(i.id),
  'printJobs.reprint': async (i, { services, actor }) => await services.devices.queue.reprint(i.id, actor),
  'print.binLabels': async (i, { services, actor }) => await services.devices.printing.binLabels(await services.inventory.warehouses.bins(i.warehouse, i.zone), i.printer, actor),
  'print.productLabel': async (i, { services, actor }) =>
    await services.devices.printing.productLabels(await services.inventory.catalog.get({ sku: i.sku }), i.printer, i.copies, actor),
};

export const scaleHandlers: DomainHandlers<'scales.'> = {
  'scales.list': async (_i, { services }) => (await services.devices.registry.scales()).map((row) => services.devices.scales.dto(row)),
  'scales.discoverHid': (_i, { services }) => services.devices.scales.discoverHid(),
  'scales.upsert': async (i, { services }) => {
    const row = await services.devices.registry.upsertScale(i);
    await services.devices.scales.reconcile();
    return services.devices.scales.dto(row);
  },
  'scales.remove': async (i, { services }) => {
    const result = await services.devices.registry.removeScale(i.name);
    await services.devices.scales.reconcile();
    return result;
  },
  'scales.read': async (i, { services }) => {
    const reading = await services.devices.scales.read(await services.devices.registry.scale(i.name));
    return { grams: reading.grams, stable: reading.stable, status: reading.status, ...(reading.message ? { message: reading.message } : {}) };
  },
  'scales.zero': async (i, { services }) => {
    const result = await services.devices.scales.zero(await services.devices.registry.scale(i.name));
    return { ok: result.ok, ...(result.message ? { message: result.message } : {}) };
  },
  'scales.tare': async (i, { services }) => {
    const result = await services.devices.scales.tare(await services.devices.registry.scale(i.name));
    return { ok: result.ok, ...(result.message ? { message: result.message } : {}) };
  },
};

export const stationHandlers: DomainHandlers<'stations.'> = {
  'stations.list': async (_i, { services }) => await services.devices.registry.stations(),
  'stations.upsert': async (i, { services }) => await services.devices.registry.upsertStation(i),
  'stations.remove': async (i, { services }) => await services.devices.registry.removeStation(i.name),
};
