import { describe, expect, it } from 'vitest';
import { cupsBackend, parseSystemPrinterUri, pdfPageSize, SystemPrintError } from '../../../main/devices/printers';
import { mediaName } from '../../../main/devices/printers/system-printer';
import { renderLabelsPdf, testLabel } from '../../../main/devices/labels';

describe('system printer addresses and jobs', () => {
  it('reads system://QUEUE (Windows names may have spaces) and refuses anything else', () => {
    expect(parseSystemPrinterUri('system://Office_Laser')).toBe('Office_Laser');
    expect(parseSystemPrinterUri('system://HP LaserJet 400')).toBe('HP LaserJet 400');
    for (const bad of ['system://', 'tcp://10.0.0.5', 'system://a/b']) expect(() => parseSystemPrinterUri(bad)).toThrow(SystemPrintError);
  });

  it('asks for the PDF’s own paper: A4 and Letter by name, labels as a custom size', async () => {
    expect(mediaName(pdfPageSize(await renderLabelsPdf([testLabel({ printerName: 'P', at: new Date(0) })], '4x6'))!)).toBe('Custom.288x432');
    expect(mediaName(pdfPageSize(await renderLabelsPdf([testLabel({ printerName: 'P', at: new Date(0) })], 'A4'))!)).toBe('A4');
    expect(mediaName(pdfPageSize(await renderLabelsPdf([testLabel({ printerName: 'P', at: new Date(0) })], 'Letter'))!)).toBe('Letter');
    expect(pdfPageSize(Buffer.from('not a pdf'))).toBeNull();
  });

  it('without CUPS’s client installed, a job fails for good with the package to install', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await cupsBackend.print({ queue: 'Office', pdf: Buffer.from('%PDF-1.3'), title: 't' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SystemPrintError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/"lp" is not installed.*apt-get install -y cups-client cups-bsd/) });
    } finally {
      process.env.PATH = path;
    }
  });
});
