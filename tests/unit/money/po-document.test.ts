/**
 * The purchase order PDF writes money in the shop's locale, with the currency code (its Helvetica
 * has no € or ¥ glyphs), and in the currency's own decimals; read back with pdftotext.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { pageText, requireTools } from '../../helpers/cups';
import { purchasingShop, type TestApp } from '../purchasing/fixture';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

it('writes the PO’s amounts the shop’s way', async () => {
  const shop = await purchasingShop();
  app = shop.app;
  const po = await app.invoke('po.create', { supplierId: shop.supplierId, lines: [{ productId: shop.ids.MUG, quantity: 960 }], freightCents: 123456 });
  const pdfText = async (name: string) => {
    const file = path.join(app!.dir, name);
    writeFileSync(file, Buffer.from((await app!.invoke('po.exportDocument', { po: po.id, format: 'pdf' })).base64, 'base64'));
    requireTools(['pdftotext']);
    return plain(pageText(file, 1));
  };
  const us = await pdfText('en.pdf');
  expect(us).toContain('USD 2,112.00'); // 960 × $2.20
  expect(us).toContain('USD 1,234.56'); // freight
  await app.invoke('shopFormat.update', { locale: 'de-DE' });
  const de = await pdfText('de.pdf');
  expect(de).toContain('2.112,00 USD');
  expect(de).toContain('1.234,56 USD');
  expect(de).toMatch(/ 2,20 2\.112,00 /); // the lines: unit cost and line total, under a column headed by the currency
});
