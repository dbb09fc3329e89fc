import type { BinDto, ProductDto } from '../../shared/api/inventory';
import type { PrintBatchDto, PrintJobDto, PrinterDto } from '../../shared/api/devices';
import { invalid } from '../../shared/errors';
import type { Core } from '../core';
import { readShopLocale } from '../domain/system/shop-format';
import type { PrinterRow } from '../store/schema';
import { DeviceRegistry } from './device-registry';
import { binLabel, productLabel, testLabel } from './labels';
import { labelSizeOf, pdfJob, renderLabelFor, renderLabelsPdfFor, renderTestPrint, type RenderedJob } from './print-documents';
import { PrintQueue, type EnqueueMeta } from './print-queue';
import { PrinterStatusMonitor } from './printer-status';
import { ScaleHub } from './scale-hub';

/**
 * The devices area: configured printers/scales/stations, the print queue and what gets printed.
 * Live parts (queue sender, status polling, scale connections) run only when started by the
 * workers (main/devices/device-workers.ts), i.e. in the desktop app and the station server.
 */
export function createDevices(core: Core) {
  const registry = new DeviceRegistry(core);
  const queue = new PrintQueue(core, registry);
  const status = new PrinterStatusMonitor(registry);
  queue.onAttempt = async (printer, error) => await status.noteAttempt(printer, error);
  const scales = new ScaleHub(core, registry);
  const printing = new PrintingService(core, registry, queue);
  return { registry, queue, status, scales, printing };
}
export type Devices = ReturnType<typeof createDevices>;

/** Documents to print: renders them for the chosen printer's language and stock, then queues them. */
export class PrintingService {
  constructor(
    private readonly core: Core,
    private readonly registry: DeviceRegistry,
    private readonly queue: PrintQueue,
  ) {}

  async testPrint(printerName: string, actor: string): Promise<PrintJobDto> {
    const printer = await this.registry.printer(printerName);
    if (printer.language === 'pdf') {
      // A system printer gets the test label as a PDF, one per page or two-up as its paper says.
      const rendered = await renderLabelsPdfFor(printer, [testLabel({ printerName: printer.name, at: this.core.clock.now() })], `Test print ${printer.name}`);
      return await this.queue.enqueue(printer, rendered, { kind: 'test', reference: printer.name, actor });
    }
    return await this.queue.enqueue(printer, renderTestPrint(printer, this.core.clock.now()), { kind: 'test', reference: printer.name, actor });
  }

  /**
   * Queues a PDF (packing slip, pick list, labels, customs form) on a system printer through the
   * persisted print queue, like any other job. Refused for printers that cannot take a PDF.
   */
  async enqueuePdf(printer: string | PrinterRow, pdf: Buffer, meta: EnqueueMeta & { title?: string }): Promise<PrintJobDto> {
    const row = typeof printer === 'string' ? await this.registry.printer(printer) : printer;
    if (row.language !== 'pdf') {
      throw invalid(`${row.name} is a ${row.language === 'zpl' ? 'ZPL label' : 'receipt (ESC/POS)'} printer; PDF documents print on a system printer`, { field: 'printer' });
    }
    return await this.queue.enqueue(row, pdfJob(pdf, { title: meta.title ?? `${meta.kind} ${meta.reference ?? ''}`.trim() }), meta);
  }

  /** One label per bin, in the order given (pick sequence), as one batch. */
  async binLabels(bins: BinDto[], printerName: string, actor: string): Promise<PrintBatchDto> {
    const printer = await this.labelPrinter(printerName);
    if (bins.length === 0) throw invalid('No bins match: nothing to print', { field: 'zone' });
    const size = labelSizeOf(printer);
    const jobs = bins.map((bin) => ({
      rendered: renderLabelFor(printer, binLabel({ code: bin.code, warehouse: bin.warehouse, zone: bin.zone || '—' }, size)),
      meta: { kind: 'bin_label', reference: `${bin.warehouse}/${bin.code}`, actor },
    }));
    const jobIds = await this.queue.enqueueAll(printer, jobs);
    return { count: jobIds.length, jobIds };
  }

  async productLabels(product: ProductDto, printerName: string, copies: number, actor: string): Promise<PrintBatchDto> {
    const printer = await this.labelPrinter(printerName);
    const barcode = product.barcodes.find((b) => b.kind === 'gtin')?.code ?? product.barcodes[0]?.code ?? product.sku;
    const rendered: RenderedJob = renderLabelFor(
      printer,
      productLabel({ name: product.name, sku: product.sku, barcode, priceCents: product.priceCents, currency: product.currency, locale: await readShopLocale(this.core.store) }, labelSizeOf(printer)),
    );
    const jobIds = await this.queue.enqueueAll(
      printer,
      Array.from({ length: copies }, () => ({ rendered, meta: { kind: 'product_label', reference: product.sku, actor } })),
    );
    return { count: jobIds.length, jobIds };
  }

  /** Asks the printer now and stores what it said. */
  async checkStatus(printerName: string, monitor: PrinterStatusMonitor): Promise<PrinterDto> {
    await monitor.check(await this.registry.printer(printerName));
    return await this.registry.printerDto(printerName);
  }

  private async labelPrinter(name: string): Promise<PrinterRow> {
    const printer = await this.registry.printer(name);
    if (printer.language !== 'zpl') {
      throw invalid(`${printer.name} is a receipt printer (ESC/POS); labels need a ZPL label printer`, { field: 'printer' });
    }
    return printer;
  }
}
