import type { ComponentType } from 'react';
import { Placeholder } from '../components/Placeholder';
import { SettingsScreen } from './SettingsScreen';
import { StockScreen } from './StockScreen';

export interface ScreenProps {
  /** Route parts after the screen id, e.g. ['SKU-1'] for '#/stock/SKU-1'. */
  params: string[];
  navigate(path: string): void;
}

export interface ScreenDef {
  id: string;
  label: string;
  component: ComponentType<ScreenProps>;
}

const placeholder = (title: string, text: string) => () => <Placeholder title={title}>{text}</Placeholder>;

/** The navigation, in order; Alt+1..8 jump to each. Each area replaces its placeholder. */
export const SCREENS: ScreenDef[] = [
  { id: 'orders', label: 'Orders', component: placeholder('Orders', 'The live order queue will live here: intake from Shopify, WooCommerce, CSV and manual entry, holds, allocation and the reason behind each warehouse choice.') },
  { id: 'stock', label: 'Stock', component: StockScreen },
  { id: 'picking', label: 'Picking', component: placeholder('Picking', 'Pick batches on the shortest route through your bins, and the scan-to-pick screen for handhelds.') },
  { id: 'packing', label: 'Packing', component: placeholder('Packing', 'The packing station: scan an order, verify every item, weigh, choose a box and print the label in one flow.') },
  { id: 'shipping', label: 'Shipping', component: placeholder('Shipping', 'Carriers, zones and rate cards, quick quotes, shipments, manifests and tracking exceptions.') },
  { id: 'purchasing', label: 'Purchasing', component: placeholder('Purchasing', 'Suppliers, purchase orders, receiving and reorder suggestions will live here.') },
  { id: 'reports', label: 'Reports', component: placeholder('Reports', 'Dashboards and the exceptions queue: orders past their promise or stuck in a state.') },
  { id: 'settings', label: 'Settings', component: SettingsScreen },
];
