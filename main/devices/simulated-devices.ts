import { detached } from '../util/detached';
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

  // While a station on this scale packs an order, the platter is empty until every item is verified,
  // then settles on the parcel's expected weight, so the demo's pack flow passes; otherwise parcels
  // come and go every few seconds, settling after a moment, so the live weight display moves.
  const cycle = scale ? startPlatter(app, scale) : null;

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

const PLATTER_TICK_MS = 250;
const IDLE_TICKS_PER_PARCEL = 20;
const IDLE_WEIGHTS = [0, 1250, 0, 432, 2870, 0, 915];

/**
 * What lies on the simulated scale's platter for the packing stations weighing on it: the expected
 * weight of a parcel whose items are all verified, nothing (0 g) while an order's items are still
 * being scanned, or null when no station on this scale is packing.
 */
async function platterForPacking(app: App): Promise<number | null> {
  const rows = await app.store.raw<{ grams: number | null; open: number }>(
    `select s.expected_weight_g as grams,
            exists (select 1 from pack_line l where l.session_id = s.id and l.verified_qty < l.expected_qty) as open
     from pack_session s join packing_station st on st.id = s.station_id join scale sc on sc.id = st.scale_id
     where s.status = 'packing' and sc.name = ? order by s.id desc`,
    SIMULATED.scale,
  );
  if (rows.length === 0) return null;
  const ready = rows.find((r) => r.open === 0 && r.grams !== null);
  return ready ? ready.grams : 0;
}

function startPlatter(app: App, scale: ScaleSimulator): NodeJS.Timeout {
  let shown = -1;
  let idleTick = 0;
  let idleParcel = 0;
  const settle = (grams: number) => {
    shown = grams;
    scale.setStable(false);
    scale.setWeight(grams + 37);
    setTimeout(() => {
      if (shown !== grams) return;
      scale.setWeight(grams);
      scale.setStable(true);
    }, 700).unref();
  };
  scale.setWeight(0);
  const timer = setInterval(detached('simulated-devices timer', async () => {
    let packing: number | null = null;
    try {
      packing = await platterForPacking(app);
    } catch {
      // The store is closing: the platter just stops following it.
    }
    if (packing !== null) {
      if (packing !== shown) settle(packing);
      return;
    }
    if (idleTick++ % IDLE_TICKS_PER_PARCEL !== 0) return;
    idleParcel = (idleParcel + 1) % IDLE_WEIGHTS.length;
    settle(IDLE_WEIGHTS[idleParcel]);
  }), PLATTER_TICK_MS);
  timer.unref();
  return timer;
}
