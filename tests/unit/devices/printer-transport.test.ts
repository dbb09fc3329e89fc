import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { productLabel, renderZpl, ZEBRA_203_DPI } from '../../../main/devices/labels';
import { PrinterConnectionError, parsePrinterUri, queryZplStatus, sendEscPos, sendRaw, sendZpl } from '../../../main/devices/printers';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';

let printer: PrinterSimulator;

beforeEach(async () => {
  printer = await startPrinterSimulator({ port: 0 });
});

afterEach(async () => {
  await printer.close();
});

describe('sendRaw / sendZpl over loopback TCP', () => {
  it('delivers 50 labels as 50 complete jobs, byte for byte', async () => {
    const zpls = Array.from({ length: 50 }, (_, index) =>
      renderZpl(productLabel({ name: `Tōkyō mug #${index}`, sku: `MUG-${index}`, barcode: '09506000134352', priceCents: 1250 + index, currency: 'EUR' }), ZEBRA_203_DPI),
    );
    // Several at once, as a print queue with one worker per printer would never do, to prove
    // connections do not bleed into each other.
    for (let batch = 0; batch < 50; batch += 10) {
      await Promise.all(zpls.slice(batch, batch + 10).map((zpl) => sendZpl(printer.uri, zpl, { timeoutMs: 5000 })));
    }
    const jobs = await printer.waitForJobs(50, 5000);
    expect(jobs).toHaveLength(50);
    const received = new Set(jobs.map((job) => job.text));
    for (const zpl of zpls) expect(received.has(zpl)).toBe(true);
    expect(jobs.every((job) => job.text.startsWith('^XA^CI28') && job.text.trimEnd().endsWith('^XZ'))).toBe(true);
  });

  it('resolves only after the printer has the whole job (large job)', async () => {
    const big = Buffer.alloc(2_000_000, 0x41);
    await sendRaw(printer.uri, big);
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0].bytes.equals(big)).toBe(true);
  });

  it('rejects with a clear "refused" error when the printer is offline, and works again once it is back', async () => {
    await printer.setOffline();
    const error = await sendZpl(printer.uri, '^XA^XZ').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrinterConnectionError);
    expect(error).toMatchObject({ kind: 'refused', retryable: true, causeCode: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(/refused the connection/);

    await printer.setOnline();
    await sendZpl(printer.uri, '^XA^FDback^FS^XZ');
    expect((await printer.waitForJobs(1)).map((job) => job.text)).toEqual(['^XA^FDback^FS^XZ']);
  });

  it('times out on a printer that accepts the connection but never finishes', async () => {
    printer.setStalled(true);
    const started = Date.now();
    const error = await sendRaw(printer.uri, '^XA^XZ', { timeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/Timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects a malformed address without touching the network', async () => {
    await expect(sendRaw('http://printer', 'x')).rejects.toMatchObject({ kind: 'bad_uri', retryable: false });
    expect(parsePrinterUri('tcp://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 9100 });
    expect(parsePrinterUri('tcp://[::1]:9101')).toEqual({ host: '::1', port: 9101 });
  });
});

describe('queryZplStatus', () => {
  it('reads a ready printer and does not count the query as a job', async () => {
    const status = await queryZplStatus(printer.uri);
    expect(status).toMatchObject({ ready: true, paperOut: false, headOpen: false, labelLengthDots: 1218 });
    expect(printer.statusQueries).toBe(1);
    expect(printer.jobs).toHaveLength(0);
  });

  it('reports paper out and head open as set on the simulator', async () => {
    printer.setPaperOut(true);
    printer.setHeadOpen(true);
    const status = await queryZplStatus(printer.uri);
    expect(status).toMatchObject({ ready: false, paperOut: true, headOpen: true });
    expect(status.problems).toContain('out of labels');
    printer.setPaperOut(false);
    printer.setHeadOpen(false);
    expect((await queryZplStatus(printer.uri)).ready).toBe(true);
  });

  it('fails clearly when the printer is offline', async () => {
    await printer.setOffline();
    await expect(queryZplStatus(printer.uri, { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'refused' });
  });
});

describe('sendEscPos', () => {
  it('renders a packing slip with node-thermal-printer and delivers the exact buffer', async () => {
    await sendEscPos(printer.uri, {
      blocks: [
        { kind: 'text', text: 'Packing slip #1001', bold: true },
        { kind: 'left-right', left: 'Café mug', right: '2' },
        { kind: 'cut' },
      ],
    });
    const [job] = await printer.waitForJobs(1);
    expect(job.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(job.bytes.includes(Buffer.from('Packing slip #1001', 'latin1'))).toBe(true);
    expect(job.bytes.includes(Buffer.from([0x43, 0x61, 0x66, 0x82]))).toBe(true); // "Caf" + é in CP858
    expect(job.bytes.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true);
  });
});
