import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './station';
import { ProductImportPage } from './pages/product-import';
import { StockPage } from './pages/stock';

// Shopify's legacy export: TEE-RED-M carries 14 in "Variant Inventory Qty", TEE-RED-L 3.
const SHOPIFY = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'intake', 'shopify-products-legacy.csv'), 'utf8');

test('a Shopify product file through the import screen: stock not taken says so; taken, it lands in the chosen bin', async ({ page, station }) => {
  await station.api('bins.upsert', { warehouse: 'MAIN', code: 'A-01' });
  await station.api('bins.upsert', { warehouse: 'MAIN', code: 'B-02' });
  const importer = new ProductImportPage(page);
  await importer.open(station.url);
  await importer.chooseFile('products_export.csv', SHOPIFY);
  await expect(importer.format()).toHaveValue('shopify');
  await expect(await importer.columns()).toContainText('Variant Inventory Qty');

  // Without the option: products imported, and the report says plainly the quantities were not taken.
  await importer.run();
  await expect(importer.report()).toContainText(/\d+ created, 0 updated, 0 failed/);
  await expect(importer.openingStock()).toContainText('Stock NOT taken');
  await expect(importer.openingStock()).toContainText('Variant Inventory Qty');
  const tee = (await station.api<{ rows: { productId: number; onHand: number }[] }>('stock.list', { query: 'TEE-RED-M' })).rows[0];
  expect(tee.onHand).toBe(0);

  // With it: counted into MAIN/B-02 with the import.
  await importer.takeOpeningStock('MAIN', 'B-02');
  await importer.run();
  await expect(importer.report()).toContainText(/0 created, \d+ updated, 0 failed/);
  await expect(importer.openingStock()).toContainText('counted into MAIN/B-02');

  const stock = new StockPage(page);
  await page.goto(`${station.url}/#/stock/${tee.productId}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('14');
  await expect(page.getByTestId('balances').locator('tbody tr', { hasText: 'B-02' })).toContainText('14');
  await expect(stock.ledgerRows().first()).toContainText('opening stock');
});

test('every row error is listed, even after a row with a broken quote; the columns and a template for each format', async ({ page, station }) => {
  const importer = new ProductImportPage(page);
  await importer.open(station.url);
  const file = ['sku,name,weight_g', 'IMP-1,Fine,100', 'IMP-2,"Tee 12" wide,100', 'IMP-3,Heavy,lots', 'IMP-4,"Unclosed,1', 'IMP-5,Fine too,5'].join('\n');
  await importer.chooseFile('products.csv', file);
  await expect(importer.format()).toHaveValue('csv');
  await importer.run();
  await expect(importer.report()).toContainText('0 created, 0 updated, 3 failed — nothing was written');
  const errors = await importer.errors();
  expect(errors.map((e) => [e[0], e[1]])).toEqual([
    ['3', '(row)'],
    ['4', 'weight_g'],
    ['5', '(row)'],
  ]);
  expect(errors[0][2]).toMatch(/quote/);
  expect(errors[2][2]).toMatch(/never closed/);

  // Skipping bad rows writes the two good ones around them.
  await importer.skipBadRows();
  await importer.run();
  await expect(importer.report()).toContainText('2 created, 0 updated, 3 failed');

  // Column list and template for the plain format, then for Shopify's.
  await expect(await importer.columns()).toContainText('kit_components');
  const plain = await importer.downloadTemplate();
  expect(plain.name).toBe('products-template.csv');
  expect(plain.text.split('\n')[0]).toBe('sku,name,barcodes,weight_g,length_mm,width_mm,height_mm,price,cost,currency,hs_code,origin_country,tags,active,reorder_point,safety_stock,lot_tracked,kit_components');
  await importer.format().selectOption('shopify');
  await expect(await importer.columns()).toContainText('Variant SKU');
  const shopify = await importer.downloadTemplate();
  expect(shopify.name).toBe('shopify-products-template.csv');
  expect(shopify.text).toMatch(/^Handle,Title,.*Variant SKU.*Variant Inventory Qty/);
});
