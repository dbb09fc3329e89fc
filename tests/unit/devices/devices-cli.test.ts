import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulator, startScaleSimulator } from '../../../main/devices/simulators';
import { tempDbPath } from '../../helpers/temp-app';

/**
 * The real `shipshape` command line in child processes against real simulators. Children are
 * spawned asynchronously: the simulators live in this process and must keep answering.
 */

const BIN = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'shipshape.mjs');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function shipshape(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; json: () => any }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

describe('shipshape printers / print / scales', () => {
  it('adds and lists printers, prints a test label with --wait, lists jobs, adds and reads a scale', async () => {
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    const printer = await startPrinterSimulator();
    cleanups.push(() => printer.close());
    const scale = await startScaleSimulator({ protocol: 'mt-sics' });
    cleanups.push(() => scale.close());
    scale.setWeight(1500);
    const db = ['--db', tmp.dbPath];

    const added = await shipshape(['printers', 'add', '--name', 'Zebra', '--language', 'zpl', '--uri', printer.uri, '--dpi', '300', '--label', '4x6in', '--json', ...db]);
    expect(added.status, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({ name: 'Zebra', dpi: 300, labelWidthMm: 102, labelHeightMm: 152 });

    const listed = await shipshape(['printers', 'list', '--json', ...db]);
    expect(listed.json()).toEqual([{ name: 'Zebra', language: 'zpl', uri: printer.uri, status: 'unknown', problems: [], pending: 0 }]);

    const printed = await shipshape(['print', 'test', '--printer', 'Zebra', '--wait', '--json', ...db]);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.json()).toMatchObject({ state: 'done', attempts: 1, printer: 'Zebra' });
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0].text).toMatch(/^\^XA\^CI28\^PW1200\^LL1800/);

    const jobs = await shipshape(['print', 'jobs', '--json', ...db]);
    expect(jobs.json()).toMatchObject([{ id: 1, printer: 'Zebra', state: 'done', attempts: 1, error: null }]);

    const bins = await shipshape(['print', 'bin-labels', '--warehouse', 'MAIN', '--printer', 'Zebra', '--json', ...db]);
    expect(bins.json()).toEqual({ count: 1, jobIds: [2] }); // MAIN's DEFAULT bin; queued for the running app

    const scaleAdded = await shipshape(['scales', 'add', '--name', 'Bench', '--protocol', 'mt-sics', '--port', scale.path, '--json', ...db]);
    expect(scaleAdded.status, scaleAdded.stderr).toBe(0);
    const reading = await shipshape(['scales', 'read', 'Bench', '--json', ...db]);
    expect(reading.status, reading.stderr).toBe(0);
    expect(reading.json()).toEqual({ grams: 1500, stable: true, status: 'ok' });

    const unknown = await shipshape(['print', 'test', '--printer', 'Nope', '--json', ...db]);
    expect(unknown.status).toBe(1);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
  }, 180_000);

  it('serve --simulate-devices registers working simulated printers and a scale, idempotently', async () => {
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    for (let run = 0; run < 2; run++) {
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--simulate-devices', '--db', tmp.dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const api = async (method: string, input: unknown = {}) => {
        const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
        return ((await res.json()) as { data: any }).data;
      };
      const printers = await api('printers.list');
      expect(printers.map((p: { name: string }) => p.name)).toEqual(['Simulated label printer', 'Simulated receipt printer']);
      expect((await api('stations.list')).length).toBe(1);
      const job = await api('printers.testPrint', { name: 'Simulated label printer' });
      let state = job.state;
      for (let i = 0; i < 100 && state !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        state = (await api('printJobs.get', { id: job.id })).state;
      }
      expect(state).toBe('done');
      let reading = await api('scales.read', { name: 'Simulated scale' });
      for (let i = 0; i < 40 && reading.status !== 'ok'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        reading = await api('scales.read', { name: 'Simulated scale' });
      }
      expect(reading.status).toBe('ok');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 180_000);
});
