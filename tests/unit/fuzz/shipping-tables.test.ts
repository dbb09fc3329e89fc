import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { parseRateCardCsv } from '../../../main/domain/shipping/rate-card';
import { parseZoneChartCsv } from '../../../main/domain/shipping/zone-chart';
import { tempApp } from '../../helpers/temp-app';
import { csvFile, damagedText } from './arbitraries';

// Zone charts, rate cards and tracking files: every file gives a table or errors naming row and
// column; a zone chart or rate card with errors leaves the saved one as it was.

const ZONES = 'origin_prefix,dest_prefix,zone\n100,005-009,1\n100,010,2\n100,96240-96249,8\n100,967,8\n';
const RATES = 'zone,max_weight_g,price\n1,450,7.58\n1,900,8.10\n2,450,7.90\n8,2000,15.25\n';
const TRACKING = 'tracking_number,status,at,message,location\n9400100000000000000001,in_transit,2026-11-02T10:00:00Z,Departed,Chicago IL\n1Z999AA10123456784,delivered,2026-11-03,,\n';

type Report = { ok: boolean; errors: { row: number; column: string; message: string }[] };
function expectWellFormed(result: Report, text: string): void {
  if (result.ok) {
    expect(result.errors).toEqual([]);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const e of result.errors) {
    expect(Number.isInteger(e.row) && e.row >= 0 && e.row <= lines + 1, JSON.stringify(e)).toBe(true);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message.length).toBeLessThan(1000);
  }
}

const zoneFiles = fc.oneof(csvFile(['origin_prefix', 'dest_prefix', 'zone'], { required: ['origin_prefix', 'dest_prefix', 'zone'] }), damagedText(ZONES));
const rateFiles = fc.oneof(csvFile(['zone', 'max_weight_g', 'price'], { required: ['zone', 'max_weight_g', 'price'] }), damagedText(RATES));
const trackingFiles = fc.oneof(csvFile(['tracking_number', 'status', 'at', 'message', 'location'], { required: ['tracking_number', 'status', 'at'] }), damagedText(TRACKING));

describe('shipping table parsers (fuzz)', () => {
  it('zone charts and rate cards: a table or errors naming the row', () => {
    fc.assert(fc.property(zoneFiles, (text) => expectWellFormed(parseZoneChartCsv('usps', text), text)), { numRuns: 3000 });
    fc.assert(fc.property(rateFiles, fc.constantFrom('USD', 'JPY', 'EUR'), (text, currency) => {
      const card = parseRateCardCsv('usps:priority', text, currency);
      expectWellFormed(card, text);
      if (card.ok) for (const r of card.value.rows) expect(Number.isSafeInteger(r.priceCents) && r.priceCents >= 0 && r.maxWeightG > 0).toBe(true);
    }), { numRuns: 3000 });
  });
});

describe('shipping table imports (fuzz)', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  beforeAll(async () => {
    app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T10:00:00Z')) });
    await app.invoke('shipping.importZones', { carrier: 'usps', csv: ZONES });
    await app.invoke('shipping.importRateCard', { carrier: 'usps', service: 'priority', csv: RATES, currency: 'USD' });
  });
  afterAll(() => app.cleanup());
  const tables = async () => JSON.stringify([await app.store.raw('select * from zone_chart_row order by 1, 2, 3'), await app.store.raw('select * from rate_card_row order by 1, 2, 3')]);

  it('a zone chart or rate card with errors changes nothing; tracking files report every bad row by its line', async () => {
    await fc.assert(
      fc.asyncProperty(zoneFiles, rateFiles, trackingFiles, async (zones, rates, tracking) => {
        const before = await tables();
        const zoneReport = await app.invoke('shipping.importZones', { carrier: 'usps', csv: zones || 'x' });
        expectWellFormed(zoneReport, zones);
        if (!zoneReport.ok) expect(await tables()).toBe(before);
        const middle = await tables();
        const rateReport = await app.invoke('shipping.importRateCard', { carrier: 'usps', service: 'priority', csv: rates || 'x', currency: 'USD' });
        expectWellFormed(rateReport, rates);
        if (!rateReport.ok) expect(await tables()).toBe(middle);
        const trackingReport = await app.invoke('shipping.trackingImport', { csv: tracking || 'x' });
        expectWellFormed(trackingReport, tracking);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
