import type { App } from '../app';
import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from './simulators';

/**
 * `shipshape serve --simulate-devices`: a ZPL label printer and an ESC/POS receipt printer on
 * loopback TCP, an NCI scale on a socat pty pair, registered (idempotently, by name) as real
 * devices and tied to a packing station, so the console shows working devices with no hardware.
 * They go through the same transports as real ones; only the far end is simulated.
 */
export const SIMULATED = {
  labelPrinter: 'Simulated label printer',
  receiptPrinter: 'Simulated receipt printer',
  scale: 'Simulated scale',
  station: 'Simulated station',
} as const;

export interface SimulatedDevices {
  labelPrinter: PrinterSimulator;
  receiptPrinter: PrinterSimulator;
  scale: ScaleSimulator | null;
  close(): Promise<void>;
}

export async function startSimulatedDevices(app: App): Promise<SimulatedDevices> {
  const ctx = { transport: 'cli' as const, actor: 'simulator' };
  const labelPrinter = await startPrinterSimulator();
  const receiptPrinter = await startPrinterSimulator();
  let scale: ScaleSimulator | null = null;
  try {
    scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
  } catch (error) {
    console.error(`No simulated scale: ${(error as Error).message} (install socat: apt-get install socat)`);
  }
  await app.invoke('printers.upsert', { name: SIMULATED.labelPrinter, language: 'zpl', uri: labelPrinter.uri, dpi: 203, labelWidthMm: 102, labelHeightMm: 152 }, ctx);
  await app.invoke('printers.upsert', { name: SIMULATED.receiptPrinter, language: 'escpos', uri: receiptPrinter.uri, labelWidthMm: 80 }, ctx);
  if (scale) await app.invoke('scales.upsert', { name: SIMULATED.scale, protocol: 'nci', port: scale.path }, ctx);
  await app.invoke(
    'stations.upsert',
    {
      name: SIMULATED.station,
      shippingLabelPrinter: SIMULATED.labelPrinter,
      labelPrinter: SIMULATED.labelPrinter,
      packingSlipPrinter: SIMULATED.receiptPrinter,
      pickListPrinter: SIMULATED.receiptPrinter,
      scale: scale ? SIMULATED.scale : null,
    },
    ctx,
  );

  // Parcels come and go on the platter, settling after a moment, so the live weight display moves.
  let parcel = 0;
  const weights = [0, 1250, 0, 432, 2870, 0, 915];
  const cycle = scale
    ? setInterval(() => {
        parcel = (parcel + 1) % weights.length;
        scale!.setStable(false);
        scale!.setWeight(weights[parcel] + 37);
        setTimeout(() => {
          scale!.setWeight(weights[parcel]);
          scale!.setStable(true);
        }, 700).unref();
      }, 5000)
    : null;
  cycle?.unref();
  scale?.setWeight(weights[0]);

  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      if (cycle) clearInterval(cycle);
      await Promise.all([labelPrinter.close(), receiptPrinter.close(), scale?.close()]);
    })());
  // serve resolves on the same signals; closing here ends socat so the process can exit.
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  console.log(`Simulated devices: label printer ${labelPrinter.uri}, receipt printer ${receiptPrinter.uri}${scale ? `, scale ${scale.path}` : ''}`);
  return { labelPrinter, receiptPrinter, scale, close };
}
