import { createReadStream } from 'node:fs';
import { readCsvRecords } from '../../../main/domain/orders/intake/csv-records';
import { streamPlainProductsCsv } from '../../../main/domain/catalog/import/plain-products-csv';
let t = Date.now(), n = 0;
for await (const r of readCsvRecords(createReadStream('/tmp/pp.csv'))) n++;
console.log('readCsvRecords', n, Math.round(n / ((Date.now() - t) / 1000)));
t = Date.now(); n = 0;
for await (const r of streamPlainProductsCsv(createReadStream('/tmp/pp.csv'))) n++;
console.log('plain products', n, Math.round(n / ((Date.now() - t) / 1000)));
