import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPdf, renderSvg } from '../../../main/devices/labels';
import { internalReference, labelKindOf, numberForOwnLabel } from '../../../main/domain/shipping/honest-labels';
import { detectTrackingFormat, isValidUps1z, isValidUspsImpb } from '../../../main/domain/shipping/tracking-numbers';
import { placeOrder, shippingShop, type TestApp } from './service-setup';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('honest labels', () => {
  it('only bought postage is postage; postage carriers without it get an internal reference, own fleets keep their numbers', () => {
    expect(labelKindOf('usps', true)).toBe('postage');
    for (const carrier of ['usps', 'ups', 'fedex', 'dhl']) {
      expect(labelKindOf(carrier, false)).toBe('reference');
      const number = numberForOwnLabel(carrier, 1234);
      expect(number).toBe(internalReference(1234));
      expect(number).toMatch(/^REF\d{10}$/);
      expect(isValidUps1z(number) || isValidUspsImpb(number)).toBe(false);
    }
    expect(labelKindOf('local', false)).toBe('own-fleet');
    expect(numberForOwnLabel('local', 1234)).toMatch(/^LC\d{10}$/);
    expect(labelKindOf('bikeco', false)).toBe('own-fleet');
    expect(numberForOwnLabel('bikeco', 7)).toMatch(/^BIKE\d{10}$/);
    // A courier whose code starts "ref" never gets numbers that read as our references.
    expect(numberForOwnLabel('refx', 7)).toMatch(/^RF\d{10}$/);
    // Scannable at the station like any generic number (check digit included).
    expect(detectTrackingFormat(internalReference(99))).toBe('generic');
  });

  it('the banner is in the label layout, so the PDF and SVG renderings carry it too', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    const s = await app.invoke('shipping.ship', { orderId: order.id });
    const layout = await app.services.shipping.shipments.layoutFor(s.id, s.packages[0].id);
    expect(renderSvg(layout)).toContain('NOT POSTAGE — REFERENCE ONLY');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-honest-'));
    try {
      const file = path.join(dir, 'label.pdf');
      writeFileSync(file, await renderPdf(layout));
      let text: string;
      try {
        text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      } catch (error) {
        throw new Error(`pdftotext is needed (apt-get install -y poppler-utils): ${(error as Error).message}`, { cause: error });
      }
      expect(text).toMatch(/NOT POSTAGE . REFERENCE ONLY/);
      expect(text).toContain('INTERNAL REFERENCE, NOT TRACKING');
      expect(text).not.toContain('TRACKING #');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
