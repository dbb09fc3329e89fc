import { ProductRowProblems } from '../../../main/domain/catalog/import/product-fields';
import { parseMoney } from '../../../main/domain/orders/intake/money';
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBarcode } from '../../../main/domain/catalog/import/gtin';
import type { ProductImportItem } from '../../../main/domain/catalog/import/incoming-product';
import { streamPlainProductsCsv } from '../../../main/domain/catalog/import/plain-products-csv';
import { streamShopifyProductsCsv } from '../../../main/domain/catalog/import/shopify-products-csv';
import { collect, fixturePath, readFixture } from './fixture-path';
import { PLAIN_HEADER } from '../../helpers/products-csv';

const products = (items: ProductImportItem[]) => items.map((item) => (item.ok ? item.product : null));
const errorsOf = (items: ProductImportItem[]) => items.flatMap((item) => (item.ok ? [] : item.errors));

describe('checkBarcode', () => {
  it('explains barcodes a spreadsheet mangled and accepts non-GTIN codes', () => {
    expect(checkBarcode('4006381333932')).toEqual({ ok: false, message: 'GTIN-13 "4006381333932" has check digit 2, expected 1' });
    expect(checkBarcode('36000291452')).toMatchObject({ ok: false, message: expect.stringMatching(/lost its leading zero/) });
    expect(checkBarcode('4.00638E+12')).toMatchObject({ ok: false, message: expect.stringMatching(/scientific notation/) });
    expect(checkBarcode("'036000291452")).toEqual({ ok: true, barcode: '036000291452' });
    expect(checkBarcode('WH-00412')).toEqual({ ok: true, barcode: 'WH-00412' });
  });
});

describe('streamShopifyProductsCsv', () => {
  const expectedTee = {
    sku: 'TEE-RED-M', name: 'Field Tee - Red / M', groupKey: 'field-tee', productTitle: 'Field Tee',
    options: [{ name: 'Color', value: 'Red' }, { name: 'Size', value: 'M' }], vendor: 'Johns Apparel', productType: 'Shirts',
    barcodes: ['036000291452'], weightGrams: 250, priceCents: 1999, costCents: 740, currency: 'USD', tags: ['cotton', 'summer'],
    active: true, inventoryQuantity: 14, row: 2,
  };

  for (const generation of ['legacy', 'current'] as const) {
    it(`reads the ${generation} header generation: variants grouped by handle, image rows skipped`, async () => {
      const items = await collect(streamShopifyProductsCsv(createReadStream(fixturePath(`shopify-products-${generation}.csv`))));
      expect(errorsOf(items)).toEqual([]);
      const list = products(items);
      expect(list.map((p) => p!.sku)).toEqual(['TEE-RED-M', 'TEE-RED-L', 'TEE-NAVY-M', 'MUG-BLUE']);
      expect(list[0]).toMatchObject(expectedTee);
      expect(list[1]).toMatchObject({ sku: 'TEE-RED-L', name: 'Field Tee - Red / L', weightGrams: 270, barcodes: [], tags: ['cotton', 'summer'], row: 3 });
      expect(list[2]).toMatchObject({ sku: 'TEE-NAVY-M', priceCents: 2100, costCents: null, barcodes: ['4006381333931'], inventoryQuantity: 0 });
      // "Default Title" means the product has no variants: no option, plain title.
      expect(list[3]).toMatchObject({ sku: 'MUG-BLUE', name: 'Café Mug', options: [], active: false, vendor: 'Kiln & Co', row: 6 });
    });
  }

  it('names row and column for bad cells, duplicate SKUs and bad GTINs', async () => {
    const text = readFixture('shopify-products-legacy.csv')
      .toString('utf8')
      .replace('TEE-RED-L,270', 'tee-red-m,27.5')
      .replace('4006381333931', '4006381333932')
      .replace(',15.00,', ',15.005,');
    const items = await collect(streamShopifyProductsCsv(text, { defaultCurrency: 'USD' }));
    expect(errorsOf(items).map((e) => `${e.row}:${e.column}`)).toEqual(['3:Variant SKU', '3:Variant Grams', '4:Variant Barcode', '6:Variant Price']);
    expect(errorsOf(items)[0].message).toBe('row 3, Variant SKU: duplicate SKU "tee-red-m" (first used at row 2; SKUs are compared ignoring case)');
    expect(errorsOf(items)[1].message).toMatch(/weight must be a whole number, got "27.5"/);
  });

  it('refuses a file that is not a Shopify products CSV', async () => {
    const items = await collect(streamShopifyProductsCsv('sku,name\nA,B\n'));
    expect(items).toEqual([{ ok: false, row: 1, errors: [{ row: 1, column: '(file)', message: expect.stringMatching(/not a Shopify products CSV/) }] }]);
  });
});

describe('streamPlainProductsCsv', () => {
  it('parses the documented plain format', async () => {
    const items = await collect(streamPlainProductsCsv(readFixture('plain-products.csv')));
    expect(errorsOf(items)).toEqual([]);
    const [tee, mug, tea, giftSet] = products(items);
    expect(tee).toEqual({
      sku: 'TEE-RED-M', name: 'Field Tee - Red / M', groupKey: null, productTitle: 'Field Tee - Red / M', options: [], vendor: null, productType: null,
      barcodes: ['036000291452'], weightGrams: 250, lengthMm: 300, widthMm: 250, heightMm: 20, priceCents: 1999, costCents: 740, currency: 'USD',
      hsCode: '610910', originCountry: 'PT', tags: ['apparel', 'summer'], active: true, reorderPoint: 20, safetyStock: 5, lotTracked: false,
      kitComponents: [], inventoryQuantity: null, row: 2,
    });
    expect(mug).toMatchObject({ name: 'Café Mug', barcodes: ['96385074', 'WH-00412'], active: true });
    expect(tea).toMatchObject({ tags: ['food', 'tea'], lotTracked: true, lengthMm: null, hsCode: '090210' });
    expect(giftSet).toMatchObject({ sku: 'GIFT-SET', kitComponents: [{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'TEA-SENCHA', quantity: 2 }], weightGrams: null });
  });

  it('reports every problem of a row with its row and column', async () => {
    const csv = [
      PLAIN_HEADER,
      'A-1,Good,,100,,,,1.00,,,,,,,,,,',
      'B-1,Bad numbers,036000291453,-5,10.5,,,1.999,abc,US,61,USA,,maybe,-1,2.5,,',
      'a-1,Duplicate,,,,,,,,,,,,,,,,',
      ',No sku,,,,,,,,,,,,,,,,B-1:0|A-1:x|C-1|C-1',
      'K-1,Kit of itself,,,,,,,,,,,,,,,,K-1:2',
    ].join('\n');
    const items = await collect(streamPlainProductsCsv(csv));
    expect(items.map((item) => item.ok)).toEqual([true, false, false, false, false]);
    expect(errorsOf(items).map((e) => `${e.row}:${e.column}`)).toEqual([
      '3:currency', '3:barcodes', '3:weight_g', '3:length_mm', '3:price', '3:cost', '3:hs_code', '3:origin_country', '3:active',
      '3:reorder_point', '3:safety_stock',
      '4:sku',
      '5:sku', '5:kit_components', '5:kit_components', '5:kit_components',
      '6:kit_components',
    ]);
    const messages = errorsOf(items).map((e) => e.message);
    expect(messages).toContain('row 3, weight_g: weight cannot be negative, got "-5"');
    expect(messages).toContain('row 3, barcodes: GTIN-12 "036000291453" has check digit 3, expected 2');
    expect(messages).toContain('row 3, price: "1.999" has more than 2 decimals for USD');
    expect(messages).toContain('row 4, sku: duplicate SKU "a-1" (first used at row 2; SKUs are compared ignoring case)');
    expect(messages).toContain('row 6, kit_components: a kit cannot contain itself (K-1)');
  });

  it('reports an extra cell (unquoted comma) and a broken quote, and reads on after it', async () => {
    const csv = `${PLAIN_HEADER}\nA-1,Mug, blue,,,,,,,,,,,,,,,,\nB-1,Good,,,,,,,,,,,,,,,,\nC-1,"Broken,,,,,,,,,,,,,,,,,\nD-1,Lost,,,,,,,,,,,,,,,,\n`;
    const items = await collect(streamPlainProductsCsv(csv));
    expect(items.map((item) => item.ok)).toEqual([false, true, false, true]);
    expect(items[0].ok === false && items[0].errors[0]).toMatchObject({ row: 2, column: '(row)', message: expect.stringMatching(/19 cells but the header has 18/) });
    expect(items[2]).toMatchObject({ ok: false, row: 4, errors: [{ row: 4, column: '(row)', message: expect.stringMatching(/never closed/) }] });
    // The row after the broken one is still read, with its own row number.
    expect(items[3]).toMatchObject({ ok: true, row: 5, product: { sku: 'D-1' } });
  });

  it('stops at invalid UTF-8 with the line number, keeping rows before it', async () => {
    const bytes = Buffer.concat([Buffer.from(`${PLAIN_HEADER}\nA-1,Plain,,,,,,,,,,,,,,,,\nB-1,Caf`), Buffer.from([0xe9]), Buffer.from(' Mug,,,,,,,,,,,,,,,,\n')]);
    const items = await collect(streamPlainProductsCsv(bytes));
    expect(items.map((item) => item.ok)).toEqual([true, false]);
    expect(items[1]).toMatchObject({ row: 3, errors: [{ column: '(file)', message: expect.stringMatching(/line 3: byte 0xE9 is not valid UTF-8/) }] });
  });

  it('handles an empty file and missing required columns', async () => {
    expect(await collect(streamPlainProductsCsv(''))).toEqual([{ ok: false, row: 1, errors: [{ row: 1, column: '(file)', message: 'the file is empty' }] }]);
    const missing = await collect(streamPlainProductsCsv('sku,price\nA,1\n'));
    expect(errorsOf(missing)).toEqual([{ row: 1, column: 'name', message: 'row 1: required column "name" is missing' }]);
  });
});

describe('ProductRowProblems fast paths', () => {
  it('read whole numbers and 2-decimal money exactly as the general parsers do', () => {
    for (const text of ['0', '007', '12', '12.0', '123456789012345', '1234567890123456', '-0', '-3', '2.5', 'x', '1e3']) {
      const problems = new ProductRowProblems(2);
      const match = /^(-?)(\d+)(?:\.0*)?$/.exec(text);
      const expected = match && !(match[1] === '-' && Number(match[2]) !== 0) ? Number(match[2]) : null;
      expect(problems.wholeNumber(text, 'weight_g'), text).toBe(expected);
    }
    for (const [text, currency] of [['19.99', 'USD'], ['0.29', 'USD'], ['.29', 'USD'], ['1,234.50', 'USD'], ['19.99', 'JPY'], ['19.99', 'KWD'], ['123456789012.34', 'USD'], ['1.999', 'USD'], ['1.9', 'USD']]) {
      const problems = new ProductRowProblems(2);
      const parsed = parseMoney(text, currency);
      expect(problems.money(text, 'price', currency), `${text} ${currency}`).toBe(parsed.ok ? parsed.cents : null);
    }
  });
});
