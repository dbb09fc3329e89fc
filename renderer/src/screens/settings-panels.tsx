import type { ComponentType } from 'react';
import { CalendarPanel } from '../components/CalendarPanel';
import { StationAccessPanel } from '../components/StationAccessPanel';
import { BackupsPanel } from '../components/BackupsPanel';
import { ChannelsPanel } from '../components/orders/ChannelsPanel';
import { OrderImportPanel } from '../components/orders/OrderImportPanel';
import { StockFeedPanel } from '../components/orders/StockFeedPanel';
import { StoreConnectionsPanel } from '../components/orders/StoreConnectionsPanel';
import { PrintersPanel } from './devices/PrintersPanel';
import { PrintQueuePanel } from './devices/PrintQueuePanel';
import { ScalesPanel } from './devices/ScalesPanel';
import { StationDevicesPanel } from './devices/StationDevicesPanel';
import { DocumentsPanel } from './devices/DocumentsPanel';
import { BoxesPanel, CarriersPanel, ShippingRulesPanel, ShippingTablesPanel } from '../components/shipping/ShippingSettingsPanels';
import { PostagePanel } from '../components/shipping/PostagePanel';
import { CustomsSettingsPanel } from '../components/shipping/CustomsSettingsPanel';
import { AuditLogPanel } from '../components/AuditLogPanel';

/** Extra Settings panels, one per area (devices, carriers, channels, ...), shown in this order. */
export const SETTINGS_PANELS: { id: string; title: string; component: ComponentType }[] = [];

// The shop calendar first: promises, "due today" and carrier days count on it.
SETTINGS_PANELS.push({ id: 'calendar', title: 'Shop calendar', component: CalendarPanel });

SETTINGS_PANELS.push(
  { id: 'printers', title: 'Printers', component: PrintersPanel },
  { id: 'print-queue', title: 'Print queue', component: PrintQueuePanel },
  { id: 'scales', title: 'Scales', component: ScalesPanel },
  { id: 'station-devices', title: 'Station devices', component: StationDevicesPanel },
  { id: 'documents', title: 'Documents', component: DocumentsPanel },
);

// Orders: sales channels (webhook addresses, secrets, promise rules), order-file import, stock feeds.
SETTINGS_PANELS.push(
  { id: 'channels', title: 'Sales channels', component: ChannelsPanel },
  { id: 'order-import', title: 'Import orders', component: OrderImportPanel },
  { id: 'stock-feed', title: 'Channel stock feed', component: StockFeedPanel },
  // Channel sync: each channel's link to its store's API (main/domain/channels/).
  { id: 'store-connections', title: 'Store connections', component: StoreConnectionsPanel },
);

SETTINGS_PANELS.push(
  { id: 'carriers', title: 'Carriers and services', component: CarriersPanel },
  { id: 'postage', title: 'Postage (EasyPost)', component: PostagePanel },
  { id: 'customs', title: 'Customs', component: CustomsSettingsPanel },
  { id: 'shipping-tables', title: 'Zone charts and rate cards', component: ShippingTablesPanel },
  { id: 'boxes', title: 'Boxes', component: BoxesPanel },
  { id: 'shipping-rules', title: 'Shipping rules', component: ShippingRulesPanel },
);

// Backups: last backup, "Back up now", folder and retention, how to restore.
SETTINGS_PANELS.push({ id: 'backups', title: 'Backups', component: BackupsPanel });

// Last: the audit log of every change (owner only: it names every station and what it did).
SETTINGS_PANELS.push({ id: 'audit-log', title: 'Audit log', component: AuditLogPanel });

// Station server access: extra host names (reverse proxies) the browser console may be reached under.
SETTINGS_PANELS.push({ id: 'station-access', title: 'Station server access', component: StationAccessPanel });
