import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_inventory';
import * as m0003 from './0003_orders';
import * as m0004 from './0004_devices';
import * as m0005 from './0005_shipping';
import * as m0006 from './0006_fulfilment';
import * as m0007 from './0007_order_queue_indexes';
import * as m0008 from './0008_return_labels';
import * as m0009 from './0009_order_queue_filters';
import * as m0010 from './0010_order_event_by_order';
import * as m0011 from './0011_drop_unused_order_index';
import * as m0012 from './0012_bought_postage';
import * as m0013 from './0013_accounting_periods';
import * as m0014 from './0014_order_event_appended';
import * as m0015 from './0015_order_intake_events';
import * as m0016 from './0016_external_id_by_channel';
import * as m0017 from './0017_product_import_record';
import * as m0018 from './0018_audit_log_columns';
import * as m0019 from './0019_channel_sync';
import * as m0020 from './0020_flash_sale_quotas';
import * as m0021 from './0021_channel_refunds';
import * as m0022 from './0022_purchasing';
import * as m0023 from './0023_forecasts';
import * as m0024 from './0024_replenishment';
import * as m0026 from './0026_system_printer';
import * as m0027 from './0027_shipment_batches';
import * as m0028 from './0028_usb_hid_scales';
import * as m0030 from './0030_order_sort_indexes';
import * as m0025 from './0025_customs_address';
import * as m0033 from './0033_return_reason_codes';
import * as m0034 from './0034_postgres_queue_indexes';

/**
 * Every migration, in order. A static list (not a folder scan) so it survives bundling.
 * Never edit a migration once it has landed on main: add the next number.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_inventory': m0002,
  '0003_orders': m0003,
  '0004_devices': m0004,
  '0005_shipping': m0005,
  '0006_fulfilment': m0006,
  '0007_order_queue_indexes': m0007,
  '0008_return_labels': m0008,
  '0009_order_queue_filters': m0009,
  '0010_order_event_by_order': m0010,
  '0011_drop_unused_order_index': m0011,
  '0012_bought_postage': m0012,
  '0013_accounting_periods': m0013,
  '0014_order_event_appended': m0014,
  '0015_order_intake_events': m0015,
  '0016_external_id_by_channel': m0016,
  '0017_product_import_record': m0017,
  '0018_audit_log_columns': m0018,
  '0019_channel_sync': m0019,
  '0020_flash_sale_quotas': m0020,
  '0021_channel_refunds': m0021,
  '0022_purchasing': m0022,
  '0023_forecasts': m0023,
  '0024_replenishment': m0024,
  '0026_system_printer': m0026,
  '0027_shipment_batches': m0027,
  '0028_usb_hid_scales': m0028,
  '0030_order_sort_indexes': m0030,
  '0025_customs_address': m0025,
  '0033_return_reason_codes': m0033,
  '0034_postgres_queue_indexes': m0034,
};
