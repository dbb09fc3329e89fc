import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { isValidUspsImpb } from '../../../main/domain/shipping';
import { runCli } from '../../helpers/cli';
import { CARDS, placeOrder, shippingShop, ZONES, type TestApp } from './service-setup';

let app: TestApp | undefined;
let printer: PrinterSimulator | undefined;
afterEach(async () => {
  await printer?.close();
  await app?.cleanup();
  app = printer = undefined;
});

/** Like runCli, but without blocking this process: the printer simulator lives on this event loop. */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const bin = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'shipshape.mjs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('shipshape CLI: shipping', () => {
  it('imports zones and rate cards, rates an order and ships it to a label printer', async () => {
    app = await shippingShop();
    const db = app.store.path;
    const order = await placeOrder(app, undefined, '2027-12-31');
    await app.close();

    const zones = path.join(app.dir, 'zones.csv');
    writeFileSync(zones, ZONES);
    expect(runCli(['import', 'zones', '--carrier', 'usps', zones, '--db', db, '--json']).json()).toEqual({ ok: true, rows: 2, errors: [] });
    const card = path.join(app.dir, 'card.csv');
    writeFileSync(card, CARDS['usps/priority']);
    expect(runCli(['import', 'ratecard', '--carrier', 'usps', '--service', 'priority', card, '--db', db, '--json']).json()).toMatchObject({ ok: true, rows: 2 });
    writeFileSync(card, 'zone,max_weight_g,price\n5,2000,8.005\n');
    const bad = runCli(['import', 'ratecard', '--carrier', 'usps', '--service', 'priority', card, '--db', db]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('row 2, price: price has more than two decimals');

    const rates = runCli(['rates', '--order', String(order.id), '--db', db, '--json']);
    expect(rates.status, rates.stderr).toBe(0);
    const r = rates.json();
    expect(Object.keys(r)).toEqual(['options', 'recommended', 'reason']);
    expect(r.options[0]).toEqual({
      carrier: 'usps',
      service: 'ground_advantage',
      price_cents: 500,
      currency: 'USD',
      billable_weight_g: 907,
      transit_days: 4,
      delivery_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      on_time_probability: expect.any(Number),
      meets_promise: expect.any(Boolean),
      // No postage account: a USPS label made here is a reference label, and the rate table says so.
      label: 'reference',
    });
    expect(r.recommended).toEqual({ carrier: 'usps', service: 'ground_advantage' });
    expect(r.reason).toContain('USPS Ground Advantage');

    printer = await startPrinterSimulator();
    expect(runCli(['printers', 'add', '--name', 'Zebra', '--uri', printer.uri, '--db', db]).status).toBe(0);
    // Not the recommended service: the CLI asks for the reason, as the API does, and ships nothing without it.
    const noReason = runCli(['ship', '--order', String(order.id), '--service', 'usps/priority', '--db', db, '--json']);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toMatch(/needs a reason: give it with --reason TEXT/);
    expect(JSON.parse(noReason.stdout).error.code).toBe('USAGE');
    const shipped = await runCliAsync(['ship', '--order', String(order.id), '--service', 'usps/priority', '--reason', 'customer paid for Priority', '--printer', 'Zebra', '--db', db, '--json']);
    expect(shipped.status, shipped.stderr).toBe(0);
    const s = JSON.parse(shipped.stdout);
    // No postage account: the label is not postage and its number is an internal reference, not a USPS one.
    expect(s).toEqual({ shipment_id: 1, carrier: 'usps', service: 'priority', tracking_number: expect.stringMatching(/^REF\d{10}$/), label: 'reference', price_cents: 800 });
    expect(isValidUspsImpb(s.tracking_number)).toBe(false);
    const [job] = await printer.waitForJobs(1, 10_000);
    expect(job.text).toContain('USPS PRIORITY MAIL');
    expect(job.text).toContain('NOT POSTAGE — REFERENCE ONLY');

    const again = runCli(['ship', '--order', String(order.id), '--db', db, '--json']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/nothing left to ship|cannot|only/);
  }, 180_000);
});
