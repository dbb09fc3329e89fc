import type { ComponentType } from 'react';
import { Placeholder } from '../components/Placeholder';
import { OrdersScreen } from './OrdersScreen';
import { PackingScreen } from './PackingScreen';
import { PickingScreen } from './PickingScreen';
import { SettingsScreen } from './SettingsScreen';
import { StockScreen } from './StockScreen';
import { ShippingScreen } from './ShippingScreen';

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
  { id: 'orders', label: 'Orders', component: OrdersScreen },
  { id: 'stock', label: 'Stock', component: StockScreen },
  { id: 'picking', label: 'Picking', component: PickingScreen },
  { id: 'packing', label: 'Packing', component: PackingScreen },
  { id: 'shipping', label: 'Shipping', component: ShippingScreen },
  { id: 'purchasing', label: 'Purchasing', component: placeholder('Purchasing', 'Suppliers, purchase orders, receiving and reorder suggestions will live here.') },
  { id: 'reports', label: 'Reports', component: placeholder('Reports', 'Dashboards and the exceptions queue: orders past their promise or stuck in a state.') },
  { id: 'settings', label: 'Settings', component: SettingsScreen },
];
