/**
 * The shop's locale as one setting (Settings → Shop format, `shopFormat.*`), and the packing slip
 * written with it: a real shop on a temp SQLite file, the slip read back with pdftotext.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageText, requireTools } from '../../helpers/cups';
import { placeOrder, shippingShop, type TestApp } from '../shipping/service-setup';

let app: TestApp;
beforeEach(async () => {
  app = await shippingShop();
});
afterEach(() => app.cleanup());

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

async function slipText(orderId: number): Promise<string> {
  const slip = await app.invoke('documents.packingSlip', { orderId, prices: true });
  const file = path.join(app.dir, `slip-${orderId}.pdf`);
  writeFileSync(file, Buffer.from(slip.base64, 'base64'));
  requireTools(['pdftotext']);
  return plain(pageText(file, 1));
}

describe('the shop locale setting', () => {
  it('is en-US until set, keeps a canonical tag, and refuses one Intl cannot use, naming it', async () => {
    expect(await app.invoke('shopFormat.get', {})).toEqual({ locale: 'en-US', example: '$1,234.56 · 60,243 units' });
    const saved = await app.invoke('shopFormat.update', { locale: 'de-de' });
    expect(saved.locale).toBe('de-DE');
    expect(plain(saved.example)).toBe('1.234,56 $ · 60.243 units');
    expect((await app.invoke('shopFormat.get', {})).locale).toBe('de-DE');
    await expect(app.invoke('shopFormat.update', { locale: 'not a locale' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('"not a locale" is not a locale') });
    expect((await app.invoke('shopFormat.get', {})).locale).toBe('de-DE');
  });

  it('writes the packing slip’s prices the shop’s way, each currency with its own decimals', async () => {
    const mug = await placeOrder(app, [{ sku: 'MUG', quantity: 1 }]);
    expect(await slipText(mug.id)).toContain('$18.00');
    await app.invoke('shopFormat.update', { locale: 'de-DE' });
    expect(await slipText(mug.id)).toContain('18,00 $');

    await app.invoke('shopFormat.update', { locale: 'en-US' });
    await app.invoke('catalog.upsert', { sku: 'TEAPOT', name: 'Iron teapot', priceCents: 1500, currency: 'JPY', weightG: 900, lengthMm: 150, widthMm: 150, heightMm: 120 });
    await app.invoke('stock.receive', { sku: 'TEAPOT', quantity: 5, warehouse: 'MAIN' });
    const teapot = await placeOrder(app, [{ sku: 'TEAPOT', quantity: 2 }], '2026-03-05', { currency: 'JPY' });
    const text = await slipText(teapot.id);
    expect(text).toContain('¥1,500');
    expect(text).toContain('¥3,000');
    expect(text).not.toContain('¥15.00'); // the old divide-by-100
  });
});
