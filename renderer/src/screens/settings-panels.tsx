import type { ComponentType } from 'react';
import { CalendarPanel } from '../components/CalendarPanel';
import { ShopFormatPanel } from '../components/ShopFormatPanel';
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
import { SystemInfoPanel } from '../components/SystemInfoPanel';
import { StationPairingPanel } from '../components/StationPairingPanel';
import { SupervisorPinPanel } from '../components/fulfilment/packing/SupervisorPinPanel';

/**
 * Settings is split into sections, each with its own address (`#/settings/<section>`) and entry in
 * the Settings navigation; a section lists its panels in the order they are pushed below.
 */
export const SETTINGS_SECTIONS = [
  { id: 'shop', title: 'Shop' },
  { id: 'stations', title: 'Stations & devices' },
  { id: 'channels', title: 'Sales channels' },
  { id: 'shipping', title: 'Shipping' },
  { id: 'security', title: 'Backups & security' },
  { id: 'audit', title: 'Audit log' },
  // Panels that name no section land here, so a new panel is never lost; give it a section.
  { id: 'more', title: 'More' },
] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

export interface SettingsPanel {
  id: string;
  title: string;
  component: ComponentType;
  /** The Settings section it shows in (default: 'more'). */
  section?: SettingsSectionId;
}

/** Settings panels, one per area (devices, carriers, channels, ...): add one with SETTINGS_PANELS.push(...). */
export const SETTINGS_PANELS: SettingsPanel[] = [];

// Shop: what this installation is; the shop calendar (promises, "due today" and carrier days count on
// it); the shop's locale (how money and counts are written everywhere, shared/money.ts); the shop's
// details on its documents.
SETTINGS_PANELS.push(
  { id: 'system', title: 'System', component: SystemInfoPanel, section: 'shop' },
  { id: 'calendar', title: 'Shop calendar', component: CalendarPanel, section: 'shop' },
  { id: 'shop-format', title: 'Shop format', component: ShopFormatPanel, section: 'shop' },
  { id: 'documents', title: 'Documents', component: DocumentsPanel, section: 'shop' },
);

// Stations & devices: pairing LAN stations, and each station's printers and scales.
SETTINGS_PANELS.push(
  { id: 'packing-stations', title: 'Packing stations', component: StationPairingPanel, section: 'stations' },
  { id: 'station-devices', title: 'Station devices', component: StationDevicesPanel, section: 'stations' },
  { id: 'printers', title: 'Printers', component: PrintersPanel, section: 'stations' },
  { id: 'print-queue', title: 'Print queue', component: PrintQueuePanel, section: 'stations' },
  { id: 'scales', title: 'Scales', component: ScalesPanel, section: 'stations' },
  { id: 'supervisor-pin', title: 'Supervisor PIN', component: SupervisorPinPanel, section: 'stations' },
);

// Sales channels: webhook addresses, secrets, promise rules; each channel's link to its store's API
// (main/domain/channels/); order-file import; stock feeds.
SETTINGS_PANELS.push(
  { id: 'channels', title: 'Sales channels', component: ChannelsPanel, section: 'channels' },
  { id: 'store-connections', title: 'Store connections', component: StoreConnectionsPanel, section: 'channels' },
  { id: 'order-import', title: 'Import orders', component: OrderImportPanel, section: 'channels' },
  { id: 'stock-feed', title: 'Channel stock feed', component: StockFeedPanel, section: 'channels' },
);

SETTINGS_PANELS.push(
  { id: 'carriers', title: 'Carriers and services', component: CarriersPanel, section: 'shipping' },
  { id: 'postage', title: 'Postage (EasyPost)', component: PostagePanel, section: 'shipping' },
  { id: 'customs', title: 'Customs', component: CustomsSettingsPanel, section: 'shipping' },
  { id: 'shipping-tables', title: 'Zone charts and rate cards', component: ShippingTablesPanel, section: 'shipping' },
  { id: 'boxes', title: 'Boxes', component: BoxesPanel, section: 'shipping' },
  { id: 'shipping-rules', title: 'Shipping rules', component: ShippingRulesPanel, section: 'shipping' },
);

// Backups & security: last backup, "Back up now", folder and retention, how to restore; extra host
// names (reverse proxies) the browser console may be reached under.
SETTINGS_PANELS.push(
  { id: 'backups', title: 'Backups', component: BackupsPanel, section: 'security' },
  { id: 'station-access', title: 'Station server access', component: StationAccessPanel, section: 'security' },
);

// The audit log of every change (owner only: it names every station and what it did).
SETTINGS_PANELS.push({ id: 'audit-log', title: 'Audit log', component: AuditLogPanel, section: 'audit' });
