import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startScaleSimulator, type ScaleSimulator } from '../../../main/devices/simulators';
import type { ScaleReadingEvent } from '../../../shared/api/devices';
import { tempDbPath } from '../../helpers/temp-app';

/** Live scales in the running app over real socat pty pairs and the real serialport binding. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function scaleSim(protocol: 'nci' | 'mt-sics' | 'continuous'): Promise<ScaleSimulator> {
  const sim = await startScaleSimulator({ protocol, nciUnit: 'kg', intervalMs: 40 });
  cleanups.push(() => sim.close());
  return sim;
}

async function app(dbPath: string, workers = true): Promise<App> {
  const a = await openApp({ dbPath, workers });
  Object.assign(a.services.devices.scales.policy, { pollIntervalMs: 50, publishIntervalMs: 50, responseTimeoutMs: 300, reconnectIntervalMs: 100 });
  cleanups.push(() => a.close());
  return a;
}

function database() {
  const tmp = tempDbPath();
  cleanups.push(() => tmp.cleanup());
  return tmp.dbPath;
}

async function until<T>(produce: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('scales in the running app', () => {
  it('keeps a live NCI connection: readings, unstable, overload, zero, and throttled scale.reading events', async () => {
    const sim = await scaleSim('nci');
    const a = await app(database());
    const events: ScaleReadingEvent[] = [];
    cleanups.push(a.events.subscribe((e) => e.topic === 'scale.reading' && events.push(e.data as ScaleReadingEvent)));
    sim.setWeight(1250);
    await a.invoke('scales.upsert', { name: 'Bench', protocol: 'nci', port: sim.path });

    expect(await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.grams === 1250)).toEqual({ grams: 1250, stable: true, status: 'ok' });
    expect((await a.invoke('scales.list', {}))[0]).toMatchObject({ connection: 'ready', reading: { grams: 1250, status: 'ok' } });
    await until(() => events, (list) => list.some((e) => e.scale === 'Bench' && e.connection === 'ready' && e.reading?.grams === 1250));

    sim.setStable(false);
    expect(await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => !r.stable)).toMatchObject({ status: 'unstable' });
    sim.setStable(true);
    sim.setOverload(true);
    expect(await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.status === 'overload')).toMatchObject({ stable: false });
    sim.setOverload(false);
    await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.status === 'ok');

    expect(await a.invoke('scales.zero', { name: 'Bench' })).toEqual({ ok: true });
    expect(await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.grams === 0)).toMatchObject({ status: 'ok' });
    // Polled every 50 ms, published at most every 50 ms and only on change: far fewer events than polls.
    expect(events.length).toBeLessThan(40);
  });

  it('shows garbage and an unplugged scale as an error state and recovers, never crashing', async () => {
    const sim = await scaleSim('mt-sics');
    const a = await app(database());
    sim.setWeight(800);
    await a.invoke('scales.upsert', { name: 'Bench', protocol: 'mt-sics', port: sim.path });
    await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.grams === 800);

    sim.sendGarbage(true);
    const noisy = await until(() => a.invoke('scales.list', {}), (s) => s[0].reading?.status === 'error');
    expect(noisy[0].connection).toBe('error');
    sim.sendGarbage(false);
    await until(() => a.invoke('scales.list', {}), (s) => s[0].connection === 'ready' && s[0].reading?.status === 'ok');

    await sim.unplug();
    const unplugged = await until(() => a.invoke('scales.list', {}), (s) => s[0].connection === 'disconnected');
    expect(unplugged[0].error).toMatch(/disconnected|not connected/);
    expect((await a.invoke('scales.read', { name: 'Bench' })).status).toBe('error');
    await sim.replug();
    expect(await until(() => a.invoke('scales.read', { name: 'Bench' }), (r) => r.status === 'ok', 15_000)).toMatchObject({ grams: 800 });
  });

  it('reads continuous-output scales from their stream', async () => {
    const sim = await scaleSim('continuous');
    const a = await app(database());
    sim.setWeight(454);
    await a.invoke('scales.upsert', { name: 'Floor', protocol: 'continuous', port: sim.path });
    expect(await until(() => a.invoke('scales.read', { name: 'Floor' }), (r) => r.grams === 454)).toMatchObject({ status: 'ok', stable: true });
  });

  it('lets another process read the weight: the running app’s stored reading, or the port itself when no app runs', async () => {
    const sim = await scaleSim('nci');
    sim.setWeight(2000);
    const dbPath = database();
    // Nobody is watching the scale yet: the CLI-like app opens the port for one reading.
    const cli = await app(dbPath, false);
    await cli.invoke('scales.upsert', { name: 'Bench', protocol: 'nci', port: sim.path });
    expect(await cli.invoke('scales.read', { name: 'Bench' })).toEqual({ grams: 2000, stable: true, status: 'ok' });

    // With a running app holding the port, the CLI sees its (fresh) stored reading.
    const running = await app(dbPath);
    sim.setWeight(2500);
    await until(() => running.invoke('scales.read', { name: 'Bench' }), (r) => r.grams === 2500);
    expect(await until(() => cli.invoke('scales.read', { name: 'Bench' }), (r) => r.grams === 2500)).toMatchObject({ status: 'ok' });
  });

  it('answers an error reading, not an exception, for a port that does not exist', async () => {
    const a = await app(database(), false);
    await a.invoke('scales.upsert', { name: 'Ghost', protocol: 'nci', port: '/dev/does-not-exist' });
    const reading = await a.invoke('scales.read', { name: 'Ghost' });
    expect(reading).toMatchObject({ status: 'error', stable: false });
    expect(reading.message).toMatch(/not connected/);
  });
});
