import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app';
import { openApp } from '../../../main/app';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import type { PrintJobDto } from '../../../shared/api/devices';
import type { AppEvent } from '../../../shared/api';
import { tempDbPath } from '../../helpers/temp-app';

/**
 * The print queue as a service on real temp SQLite files, sending over real loopback TCP to the
 * printer simulator. No part of our own code is replaced.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function printer(): Promise<PrinterSimulator> {
  const sim = await startPrinterSimulator();
  cleanups.push(() => sim.close());
  return sim;
}

function database() {
  const tmp = tempDbPath();
  cleanups.push(() => tmp.cleanup());
  return tmp.dbPath;
}

/** An app with the background workers, tuned for fast retries. */
async function app(dbPath: string, workers = true): Promise<App> {
  const a = await openApp({ dbPath, workers });
  Object.assign(a.services.devices.queue.policy, { backoffBaseMs: 40, backoffMaxMs: 200 });
  cleanups.push(() => a.close());
  return a;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function binsInZone(a: App, zone: string, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, (_, i) => `${zone}-${String(i + 1).padStart(3, '0')}`);
  for (const [i, code] of codes.entries()) await a.invoke('bins.upsert', { warehouse: 'MAIN', code, zone, pickSequence: i + 1 });
  return codes;
}

/** Which bin each received job is for (codes are equal length, so none is a substring of another). */
const binOf = (text: string, codes: string[]) => codes.find((code) => text.includes(`^FD${code}^FS`)) ?? '?';

describe('print queue over loopback TCP', () => {
  it('a printer offline in the middle of a batch of 50 labels: all 50 arrive once it is back, none twice, in order', async () => {
    const sim = await printer();
    const a = await app(database());
    const codes = await binsInZone(a, 'A', 50);
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });

    const batch = await a.invoke('print.binLabels', { warehouse: 'MAIN', zone: 'A', printer: 'Zebra' });
    expect(batch.count).toBe(50);
    await sim.waitForJobs(10, 10_000);
    await sim.setOffline();
    const beforeOutage = sim.jobs.length;
    expect(beforeOutage).toBeLessThan(50);

    // While it is off, the head job keeps its place and collects attempts with the reason.
    const waiting = await until(
      () => a.invoke('printJobs.list', { printer: 'Zebra', state: 'queued', limit: 1000 }),
      (jobs) => jobs.some((j) => j.attempts >= 2 && /refused/.test(j.error ?? '')),
    );
    expect(waiting.length).toBe(50 - beforeOutage);
    expect((await a.invoke('printers.list', {}))[0].status.state).toBe('offline');

    await sim.setOnline();
    await sim.waitForJobs(50, 20_000);
    await until(() => a.invoke('printJobs.list', { printer: 'Zebra', limit: 1000 }), (jobs) => jobs.every((j) => j.state === 'done'));
    await sleep(300);
    expect(sim.jobs).toHaveLength(50);
    expect(sim.jobs.map((job) => binOf(job.text, codes))).toEqual(codes);
    expect((await a.invoke('printers.list', {}))[0].pending).toBe(0);
  });

  it('shows paper-out (and the other ~HS problems) as the printer status', async () => {
    const sim = await printer();
    const a = await app(database());
    const events: AppEvent[] = [];
    cleanups.push(a.events.subscribe((e) => events.push(e)));
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });

    expect((await a.invoke('printers.status', { name: 'Zebra' })).status).toMatchObject({ state: 'ready', problems: [] });
    sim.setPaperOut(true);
    const status = await a.invoke('printers.status', { name: 'Zebra' });
    expect(status.status).toMatchObject({ state: 'problem', problems: ['out of labels'] });
    expect(events.some((e) => e.topic === 'devices.changed' && (e.data as { status?: string }).status === 'problem')).toBe(true);

    // The running app's poller notices on its own.
    const { status: monitor } = a.services.devices;
    await monitor.stop();
    monitor.intervalMs = 50;
    monitor.start();
    sim.setPaperOut(false);
    sim.setHeadOpen(true);
    const list = await until(() => a.invoke('printers.list', {}), (printers) => printers[0].status.problems.includes('print head is open'));
    expect(list[0].status.state).toBe('problem');
    sim.setHeadOpen(false);
    await until(() => a.invoke('printers.list', {}), (printers) => printers[0].status.state === 'ready');
  });

  it('loses nothing across a restart (close and reopen on the same database file)', async () => {
    const sim = await printer();
    await sim.setOffline();
    const dbPath = database();
    const first = await app(dbPath);
    const codes = await binsInZone(first, 'R', 20);
    await first.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    await first.invoke('print.binLabels', { warehouse: 'MAIN', zone: 'R', printer: 'Zebra' });
    await until(() => first.invoke('printJobs.list', { limit: 100 }), (jobs) => jobs.some((j) => j.attempts >= 1 && j.error !== null));
    await first.close();

    const second = await app(dbPath);
    // All 20 are still waiting (the new sender may already be trying the head job).
    const waiting = await second.invoke('printJobs.list', { limit: 100 });
    expect(waiting).toHaveLength(20);
    expect(waiting.every((j) => j.state === 'queued' || j.state === 'sending')).toBe(true);
    await sim.setOnline();
    await sim.waitForJobs(20, 20_000);
    await until(() => second.invoke('printJobs.list', { limit: 100 }), (jobs) => jobs.every((j) => j.state === 'done'));
    await sleep(200);
    expect(sim.jobs.map((job) => binOf(job.text, codes))).toEqual(codes);
  });

  it('fails a job after its retries, visibly and with the reason; retry sends it once the printer is back', async () => {
    const sim = await printer();
    await sim.setOffline();
    const a = await app(database());
    a.services.devices.queue.policy.maxAttempts = 3;
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const job = await a.invoke('printers.testPrint', { name: 'Zebra' });
    const failed = await until(() => a.invoke('printJobs.get', { id: job.id }), (j) => j.state === 'failed');
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/^Gave up after 3 attempts: Printer at 127\.0\.0\.1:\d+ refused the connection/);

    await sim.setOnline();
    await a.invoke('printJobs.retry', { id: job.id });
    await sim.waitForJobs(1, 5000);
    expect((await until(() => a.invoke('printJobs.get', { id: job.id }), (j) => j.state === 'done')).error).toBeNull();
  });

  it('two processes sharing the database never send a job twice, and keep each printer in order', async () => {
    const sim = await printer();
    const dbPath = database();
    const one = await app(dbPath);
    const two = await app(dbPath);
    await one.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push((await one.invoke('printers.testPrint', { name: 'Zebra' })).id);
      ids.push((await two.invoke('printers.testPrint', { name: 'Zebra' })).id);
    }
    await sim.waitForJobs(60, 20_000);
    await sleep(300);
    expect(sim.jobs).toHaveLength(60);
    const jobs = await one.invoke('printJobs.list', { limit: 100 });
    expect(jobs.every((j) => j.state === 'done' && j.attempts === 1)).toBe(true);
    // Sent strictly in id order: each job's sentAt is no earlier than its predecessor's.
    const sent = [...jobs].sort((x, y) => x.id - y.id).map((j) => j.sentAt!);
    expect([...sent].sort()).toEqual(sent);
  });

  it('sends jobs queued by a process without workers (the CLI) from the running app, by polling', async () => {
    const sim = await printer();
    const dbPath = database();
    const running = await app(dbPath);
    const cli = await app(dbPath, false);
    await cli.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const job = await cli.invoke('printers.testPrint', { name: 'Zebra' });
    await sim.waitForJobs(1, 5000);
    expect((await until(() => running.invoke('printJobs.get', { id: job.id }), (j) => j.state === 'done')).sentAt).not.toBeNull();
  });

  it('cancels, reprints from history, and previews what was sent', async () => {
    const sim = await printer();
    await sim.setOffline();
    const a = await app(database());
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri, dpi: 300 });
    const first = await a.invoke('printers.testPrint', { name: 'Zebra' });
    const second = await a.invoke('printers.testPrint', { name: 'Zebra' });
    expect((await a.invoke('printJobs.cancel', { id: second.id })).state).toBe('cancelled');
    await expect(a.invoke('printJobs.cancel', { id: second.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    await sim.setOnline();
    await sim.waitForJobs(1, 5000);
    const done = await until(() => a.invoke('printJobs.get', { id: first.id }), (j) => j.state === 'done');
    expect(sim.jobs[0].text).toMatch(/^\^XA\^CI28\^PW1200\^LL1800/); // 4×6 in at 300 dpi
    expect(sim.jobs[0].text).toContain('ÄÖÜ äöü ß é ñ Ł ő €');

    const again = await a.invoke('printJobs.reprint', { id: done.id });
    expect(again).toMatchObject({ copyOf: done.id, kind: 'test', state: 'queued' });
    await sim.waitForJobs(2, 5000);
    expect(sim.jobs[1].bytes.equals(sim.jobs[0].bytes)).toBe(true);

    const { svg } = await a.invoke('printJobs.preview', { id: done.id });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="101.6mm" height="152.4mm"/);
    expect(svg).toContain('Shipshape test label');
    expect(sim.jobs).toHaveLength(2); // the cancelled job never went out
  });

  it('prints ESC/POS test receipts, and refuses labels on a receipt printer', async () => {
    const sim = await printer();
    const a = await app(database());
    await a.invoke('printers.upsert', { name: 'Receipts', language: 'escpos', uri: sim.uri, labelWidthMm: 58 });
    const job = await a.invoke('printers.testPrint', { name: 'Receipts' });
    const [received] = await sim.waitForJobs(1, 5000);
    expect([...received.bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @
    expect(received.bytes.includes(Buffer.from('Shipshape test print'))).toBe(true);
    expect((await a.invoke('printJobs.preview', { id: job.id })).svg).toContain('Shipshape test print');
    await expect(a.invoke('print.binLabels', { warehouse: 'MAIN', printer: 'Receipts' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await a.invoke('printers.status', { name: 'Receipts' })).status.state).toBe('ready');
  });

  it('prints product labels with the GTIN as GS1-128, on 203 dpi 4×6 stock by default', async () => {
    const sim = await printer();
    const a = await app(database());
    await a.invoke('catalog.upsert', { sku: 'MUG-1', name: 'Tōkyō mug', priceCents: 1250, currency: 'EUR', barcodes: [{ code: '09506000134352', kind: 'gtin' }] });
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const batch = await a.invoke('print.productLabel', { sku: 'MUG-1', printer: 'Zebra', copies: 3 });
    expect(batch.count).toBe(3);
    const jobs = await sim.waitForJobs(3, 5000);
    expect(jobs[0].text).toMatch(/^\^XA\^CI28\^PW812\^LL1218/);
    expect(jobs[0].text).toContain('Tōkyō mug');
    expect(jobs[0].text).toContain('(01)09506000134352');
    const list: PrintJobDto[] = await a.invoke('printJobs.list', { limit: 10 });
    expect(list.map((j) => j.reference)).toEqual(['MUG-1', 'MUG-1', 'MUG-1']);
  });

  it('fails (never resends) a job a crashed process left half-sent, and then carries on with the next', async () => {
    const sim = await printer();
    const dbPath = database();
    const setup = await app(dbPath, false);
    await setup.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const stuck = await setup.invoke('printers.testPrint', { name: 'Zebra' });
    const next = await setup.invoke('printers.testPrint', { name: 'Zebra' });
    // What a process killed mid-send leaves behind: its claim, under a pid that no longer runs.
    await setup.store.raw("update print_job set state = 'sending', attempts = 1, claimed_by = ?, claimed_at = ? where id = ?", `${os.hostname()}:999999:dead`, new Date().toISOString(), stuck.id);

    const running = await app(dbPath);
    const failed = await until(() => running.invoke('printJobs.get', { id: stuck.id }), (j) => j.state === 'failed');
    expect(failed.error).toMatch(/Interrupted while sending.*reprint it if it is missing/);
    await until(() => running.invoke('printJobs.get', { id: next.id }), (j) => j.state === 'done');
    expect(sim.jobs).toHaveLength(1);
  });
});
