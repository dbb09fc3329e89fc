import type { OrderImportReport } from '../../../shared/api/orders';
import type { ChannelRow } from '../../store/schema';
import { parseWooCommerceOrderObject, streamPlainOrdersCsv, streamShopifyOrdersCsv, type CsvInput, type IncomingOrder, type IntakeError, type OrderCsvItem } from './intake/index';
import type { IngestResult } from './order-service';
import type { Progress } from '../../logging/progress';

/**
 * Order files: Shopify's orders export CSV, a WooCommerce REST JSON array, or our plain CSV.
 * Each order is its own unit of work and intake is idempotent, so a re-imported file reports
 * duplicates and never makes a second order; a bad order is reported with its rows and skipped.
 */
export async function importOrders(
  format: 'shopify' | 'woocommerce' | 'csv',
  input: CsvInput,
  channel: ChannelRow,
  ingest: (order: IncomingOrder) => Promise<IngestResult>,
  progress?: Pick<Progress, 'update'>,
): Promise<OrderImportReport> {
  const report: OrderImportReport = { created: 0, cancelled: 0, duplicate: 0, on_hold: 0, failed: 0, errors: [] };
  const take = async (order: IncomingOrder) => {
    const r = await ingest(order);
    if (r.outcome === 'created') report.created++;
    // An order arriving already cancelled is stored (cancelled), so a late copy stays a duplicate:
    // it is new to Shipshape, not a duplicate of anything.
    else if (r.outcome === 'cancelled') report.cancelled++;
    else report.duplicate++;
    if (r.outcome === 'created' && r.status === 'on_hold') report.on_hold++;
  };
  const fail = (errors: IntakeError[]) => {
    report.failed++;
    report.errors.push(...errors.slice(0, 20));
  };
  if (format === 'woocommerce') {
    const text = typeof input === 'string' ? input : Buffer.from(input as Uint8Array).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      fail([{ field: '(file)', message: `not valid JSON: ${(err as Error).message}` }]);
      return report;
    }
    const list = Array.isArray(body) ? body : [body];
    for (const [i, item] of list.entries()) {
      const parsed = parseWooCommerceOrderObject(item, 'order.created');
      if (parsed.ok) await take(parsed.value);
      else fail(parsed.errors.map((e) => ({ ...e, path: `[${i}]${e.path ? `.${e.path}` : ''}` })));
      progress?.update({ done: i + 1, total: list.length });
    }
    return report;
  }
  const stream: AsyncGenerator<OrderCsvItem> = format === 'shopify' ? streamShopifyOrdersCsv(input) : streamPlainOrdersCsv(input);
  for await (const item of stream) {
    if (item.ok) {
      if (channel.kind === 'shopify' || channel.kind === 'csv' || channel.kind === 'manual' || channel.kind === 'woocommerce') await take(item.order);
    } else fail(item.errors);
    // Rows of the file (the header is row 1) read so far.
    if (item.rows) progress?.update({ done: item.rows.last - 1 });
  }
  return report;
}
