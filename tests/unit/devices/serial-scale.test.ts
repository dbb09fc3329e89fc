import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScale, type ScaleReading, type SerialScaleState } from '../../../main/devices/scales';
import { startScaleSimulator } from '../../../main/devices/simulators';

/**
 * Real transport: socat makes a pty pair, the simulator answers on one end and SerialScale uses
 * the real serialport binding on the other (FORMATS.md §4.5).
 */

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function connect(protocol: 'nci' | 'mt-sics' | 'continuous', responseTimeoutMs = 400) {
  const simulator = await startScaleSimulator({ protocol, intervalMs: 40 });
  cleanups.push(() => simulator.close());
  const scale = new SerialScale({ path: simulator.path, protocol, responseTimeoutMs, reconnectIntervalMs: 100 }).start();
  cleanups.push(() => scale.close());
  expect(await scale.waitUntilReady(3000)).toBe(true);
  return { simulator, scale };
}

async function waitFor<T>(produce: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SerialScale over a socat pty: NCI', () => {
  it('reads stable, unstable and overload weights', async () => {
    const { simulator, scale } = await connect('nci');
    simulator.setWeight(1361); // 3.00 lb on the display
    expect(await scale.read()).toMatchObject({ grams: 1361, stable: true, status: 'ok' });
    expect(simulator.commands).toContain('W');

    simulator.setStable(false);
    expect(await scale.read()).toMatchObject({ stable: false, status: 'unstable' });

    simulator.setStable(true);
    simulator.setOverload(true);
    expect(await scale.read()).toMatchObject({ status: 'overload', stable: false });
    expect(scale.state).toBe('ready');
  });

  it('zeroes the scale', async () => {
    const { simulator, scale } = await connect('nci');
    simulator.setWeight(200);
    expect(await scale.zero()).toMatchObject({ ok: true });
    expect(await scale.read()).toMatchObject({ grams: 0, status: 'ok' });
    simulator.setWeight(654);
    expect((await scale.read()).grams).toBe(454);
  });

  it('goes to an error state on garbage and recovers when valid replies return', async () => {
    const { simulator, scale } = await connect('nci', 300);
    const states: SerialScaleState[] = [];
    scale.on('state', (state: SerialScaleState) => states.push(state));
    simulator.setWeight(500);
    simulator.sendGarbage(true);
    const bad = await scale.read();
    expect(bad).toMatchObject({ status: 'error', grams: 0 });
    expect(bad.message).toMatch(/no valid reply within 300 ms/);
    expect(scale.state).toBe('error');

    simulator.sendGarbage(false);
    expect(await scale.read()).toMatchObject({ grams: 499, status: 'ok' }); // 1.10 lb, as the display shows it
    expect(scale.state).toBe('ready');
    expect(states).toEqual(['error', 'ready']);
  });

  it('times out into an error state when the scale stays silent', async () => {
    const { simulator, scale } = await connect('nci', 200);
    simulator.setSilent(true);
    expect(await scale.read()).toMatchObject({ status: 'error', message: 'no reply within 200 ms' });
    simulator.setSilent(false);
    expect(await scale.read()).toMatchObject({ status: 'ok' });
  });

  it('survives unplug and replug of the pty, reconnecting on the same path', async () => {
    const { simulator, scale } = await connect('nci');
    simulator.setWeight(907);
    expect(await scale.read()).toMatchObject({ grams: 907, status: 'ok' });

    await simulator.unplug();
    expect(existsSync(simulator.path)).toBe(false);
    await waitFor(async () => scale.state, (state) => state === 'disconnected', 3000);
    expect(scale.state).toBe('disconnected');
    expect(await scale.read()).toMatchObject({ status: 'error', message: /not connected/ });

    await simulator.replug();
    expect(await scale.waitUntilReady(5000)).toBe(true);
    simulator.setWeight(1814);
    expect(await scale.read()).toMatchObject({ grams: 1814, status: 'ok' });
  });

  it('keeps retrying while the device node is missing at start-up', async () => {
    const scale = new SerialScale({ path: '/tmp/shipshape-no-such-scale', protocol: 'nci', reconnectIntervalMs: 50 }).start();
    cleanups.push(() => scale.close());
    expect(await scale.waitUntilReady(300)).toBe(false);
    expect(scale.state).toBe('connecting');
    expect(await scale.read()).toMatchObject({ status: 'error' });
  });
});

describe('SerialScale over a socat pty: MT-SICS', () => {
  it('reads stable, dynamic and overload replies to SI', async () => {
    const { simulator, scale } = await connect('mt-sics');
    simulator.setWeight(1234);
    expect(await scale.read()).toMatchObject({ grams: 1234, stable: true, status: 'ok', raw: 'S S    1234.00 g' });
    expect(simulator.commands).toEqual(['SI']);
    simulator.setStable(false);
    expect(await scale.read()).toMatchObject({ grams: 1234, stable: false, status: 'unstable' });
    simulator.setOverload(true);
    expect(await scale.read()).toMatchObject({ status: 'overload' });
  });

  it('zeroes and tares, and reports a refused zero', async () => {
    const { simulator, scale } = await connect('mt-sics');
    simulator.setWeight(300);
    expect(await scale.tare()).toMatchObject({ ok: true, raw: 'T S     300.00 g' });
    simulator.setWeight(1300);
    expect((await scale.read()).grams).toBe(1000);
    expect(await scale.zero()).toMatchObject({ ok: true, raw: 'Z A' });
    expect((await scale.read()).grams).toBe(0);
    simulator.setOverload(true);
    expect(await scale.zero()).toMatchObject({ ok: false, message: /above range/ });
  });

  it('turns garbage into an error reading and recovers', async () => {
    const { simulator, scale } = await connect('mt-sics', 300);
    simulator.setWeight(50);
    simulator.sendGarbage(true);
    expect(await scale.read()).toMatchObject({ status: 'error' });
    expect(scale.state).toBe('error');
    simulator.sendGarbage(false);
    expect(await scale.read()).toMatchObject({ grams: 50, status: 'ok' });
    expect(scale.state).toBe('ready');
  });
});

describe('SerialScale over a socat pty: continuous output', () => {
  it('emits readings as frames arrive and read() returns the latest', async () => {
    const { simulator, scale } = await connect('continuous');
    const seen: ScaleReading[] = [];
    scale.on('reading', (reading: ScaleReading) => seen.push(reading));
    simulator.setWeight(2500);
    const reading = await waitFor(() => scale.read(), (value) => value.grams === 2500);
    expect(reading).toMatchObject({ grams: 2500, stable: true, status: 'ok' });
    expect(seen.length).toBeGreaterThan(0);

    simulator.setStable(false);
    expect(await waitFor(() => scale.read(), (value) => !value.stable)).toMatchObject({ status: 'unstable' });
    simulator.setOverload(true);
    expect(await waitFor(() => scale.read(), (value) => value.status === 'overload')).toMatchObject({ status: 'overload' });
    expect(await scale.zero()).toMatchObject({ ok: false });
  });

  it('goes to error on garbage, recovers, and survives unplug/replug', async () => {
    const { simulator, scale } = await connect('continuous', 300);
    simulator.setWeight(100);
    simulator.sendGarbage(true);
    // Let the frames already in the pty drain, then read() sees only noise.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await waitFor(() => scale.read(), (value) => value.status === 'error')).toMatchObject({ status: 'error' });
    expect(scale.state).toBe('error');
    simulator.sendGarbage(false);
    expect(await waitFor(() => scale.read(), (value) => value.status === 'ok')).toMatchObject({ grams: 100 });

    await simulator.unplug();
    await waitFor(async () => scale.state, (state) => state === 'disconnected', 3000);
    expect(scale.state).toBe('disconnected');
    await simulator.replug();
    expect(await scale.waitUntilReady(5000)).toBe(true);
    simulator.setWeight(321);
    expect(await waitFor(() => scale.read(), (value) => value.grams === 321)).toMatchObject({ grams: 321, status: 'ok' });
  });
});
