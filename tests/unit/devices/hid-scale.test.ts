/**
 * USB HID scales through node-hid.
 *
 * What this machine allows: node-hid 3 loads and enumerates for real (no USB scale is attached),
 * but /dev/uhid does not exist in this container, so no virtual HID device can be created and no
 * real report can be read from the kernel. So:
 * - with the REAL node-hid: the scale form's discovery and a configured scale that is not plugged in
 *   (the app says so, offline, and keeps looking);
 * - at the node-hid boundary (`devicesAsync` + `HIDAsync.open`, node-hid's own calls, played by a
 *   stand-in device that emits node-hid's 'data'/'error' events): that discovery asks for the
 *   configured vendor/product id and picks the POS-scale interface, that reports are decoded with
 *   the parser (the first, stale one skipped), zero is the HID OUT report, and that an unplug is
 *   noticed (offline) and a replug brings the scale back (online).
 * NOT exercised here: reading a real scale's reports through hidraw/libusb (needs a scale on USB or
 * /dev/uhid), and udev permissions on /dev/hidraw*.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { HidScale, parseUsbId, type HidBackend, type HidDeviceInfo, type HidHandle } from '../../../main/devices/scales/hid-scale';
import { tempDbPath } from '../../helpers/temp-app';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function until<T>(produce: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A device as node-hid's HIDAsync presents it: input reports as 'data', a vanished device as 'error'. */
class StandInDevice extends EventEmitter implements HidHandle {
  readonly written: number[][] = [];
  closed = false;
  async write(values: number[] | Buffer): Promise<number> {
    this.written.push([...values]);
    return values.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  report(bytes: number[]) {
    this.emit('data', Buffer.from(bytes));
  }
}

/** node-hid's two calls, answering for one Dymo M25 (0922:8003) with a keyboard-ish second interface. */
function standInNodeHid() {
  const calls: { devicesAsync: unknown[][]; open: string[] } = { devicesAsync: [], open: [] };
  let plugged = true;
  let device: StandInDevice | null = null;
  const listing: HidDeviceInfo[] = [
    { vendorId: 0x0922, productId: 0x8003, path: '/dev/hidraw7', product: 'M25 25 Lb Digital Postal Scale', manufacturer: 'DYMO', usagePage: 0xff00 },
    { vendorId: 0x0922, productId: 0x8003, path: '/dev/hidraw8', product: 'M25 25 Lb Digital Postal Scale', manufacturer: 'DYMO', usagePage: 0x8d },
  ];
  const backend = {
    async devicesAsync(...args: unknown[]) {
      calls.devicesAsync.push(args);
      if (!plugged) return [];
      return args.length === 0 ? listing : listing.filter((d) => d.vendorId === args[0] && d.productId === args[1]);
    },
    HIDAsync: {
      async open(path: string) {
        calls.open.push(path);
        if (!plugged) throw new Error('could not open device');
        device = new StandInDevice();
        return device;
      },
    },
  } as unknown as HidBackend;
  return {
    backend,
    calls,
    device: () => device!,
    unplug() {
      plugged = false;
      device!.emit('error', new Error('could not read from HID device'));
    },
    replug() {
      plugged = true;
    },
  };
}

describe('USB HID scales', () => {
  it('takes vendor:product ids as lsusb prints them', () => {
    expect(parseUsbId('0922:8003')).toEqual({ vendorId: 0x0922, productId: 0x8003 });
    expect(parseUsbId('0EB8:F000')).toEqual({ vendorId: 0x0eb8, productId: 0xf000 });
    expect(parseUsbId('922:8003')).toBeNull();
  });

  it('finds the scale by vendor/product id, decodes its reports, zeroes it, notices the unplug and the replug', async () => {
    const hid = standInNodeHid();
    const scale = new HidScale({ usbId: '0922:8003', backend: () => hid.backend, responseTimeoutMs: 500, reconnectIntervalMs: 30 });
    const states: string[] = [];
    scale.on('state', (s: string) => states.push(s));
    cleanups.push(() => scale.close());
    scale.start();
    expect(await scale.waitUntilReady(2000)).toBe(true);
    // Discovery asks node-hid for exactly the configured ids and opens the POS scale interface (usage page 0x8D).
    expect(hid.calls.devicesAsync).toEqual([[0x0922, 0x8003]]);
    expect(hid.calls.open).toEqual(['/dev/hidraw8']);

    // The first report after opening is stale and skipped; the next ones are decoded (5.0 lb stable = 2268 g).
    const reading = scale.read();
    hid.device().report([0x03, 0x04, 12, 0xff, 0x99, 0x00]);
    hid.device().report([0x03, 0x04, 12, 0xff, 0x32, 0x00]);
    expect(await reading).toMatchObject({ grams: 2268, stable: true, status: 'ok', raw: '03 04 0c ff 32 00' });
    const moving = scale.read();
    hid.device().report([0x03, 0x03, 2, 0x00, 0xe8, 0x03]);
    expect(await moving).toMatchObject({ grams: 1000, stable: false, status: 'unstable' });

    expect(await scale.zero()).toEqual({ ok: true, raw: '02 02' });
    expect(hid.device().written).toEqual([[0x02, 0x02]]);
    expect((await scale.tare()).ok).toBe(false);

    // Unplugged: offline at once, with the reason; reads say so.
    const before = hid.device();
    hid.unplug();
    await until(() => scale.state, (s) => s === 'disconnected');
    expect(scale.lastError).toMatch(/0922:8003 was disconnected: could not read from HID device/);
    expect(before.closed).toBe(true);
    expect(await scale.read()).toMatchObject({ status: 'error', message: expect.stringMatching(/disconnected|not plugged in/) });
    await until(() => scale.lastError, (e) => /no USB scale 0922:8003 is plugged in/.test(e ?? ''));

    // Plugged back in: found again and read again.
    hid.replug();
    await until(() => scale.state, (s) => s === 'ready');
    expect(hid.calls.open.length).toBe(2);
    const again = scale.read();
    hid.device().report([0x03, 0x04, 2, 0x00, 0x10, 0x00]);
    hid.device().report([0x03, 0x02, 2, 0x00, 0x00, 0x00]);
    expect(await again).toMatchObject({ grams: 0, stable: true, status: 'ok' });
    expect(states).toEqual(expect.arrayContaining(['ready', 'disconnected']));
    expect(states.lastIndexOf('ready')).toBeGreaterThan(states.indexOf('disconnected'));
  });

  it('with the real node-hid: the form validates the id, discovery lists what is attached, and a scale that is not plugged in shows offline with the reason', async () => {
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    const app: App = await openApp({ dbPath: tmp.dbPath, workers: true });
    cleanups.push(() => app.close());
    Object.assign(app.services.devices.scales.policy, { reconnectIntervalMs: 100, responseTimeoutMs: 300 });

    await expect(app.invoke('scales.upsert', { name: 'Dymo', protocol: 'usb-hid', port: '/dev/ttyUSB0' })).rejects.toThrow(/port.*vendor:product id|vendor:product id/);
    // Whatever this machine has (nothing, in CI): a list, scales first, each with the id the form takes.
    const found = await app.invoke('scales.discoverHid', {});
    expect(Array.isArray(found)).toBe(true);
    for (const d of found) expect(d.usbId).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/);

    await app.invoke('scales.upsert', { name: 'Dymo', protocol: 'usb-hid', port: '0922:8003' });
    const [scale] = await until(
      () => app.invoke('scales.list', {}),
      (list) => list[0]?.connection === 'disconnected' && list[0].error !== null,
    );
    expect(scale).toMatchObject({ protocol: 'usb-hid', port: '0922:8003', connection: 'disconnected', error: 'no USB scale 0922:8003 is plugged in' });
    const read = await app.invoke('scales.read', { name: 'Dymo' });
    expect(read).toMatchObject({ status: 'error', message: 'no USB scale 0922:8003 is plugged in' });
  });
});
