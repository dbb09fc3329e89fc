import { lazy, type ComponentType } from 'react';
import { Placeholder } from '../components/Placeholder';
import { OrdersScreen } from './OrdersScreen';

// The queue is where the day starts, so it is in the first bundle; other areas load on first
// visit (the stock chart library alone is ~0.5 MB), which keeps the console's first paint fast.
const StockScreen = lazy(() => import('./StockScreen').then((m) => ({ default: m.StockScreen })));
const PickingScreen = lazy(() => import('./PickingScreen').then((m) => ({ default: m.PickingScreen })));
const PackingScreen = lazy(() => import('./PackingScreen').then((m) => ({ default: m.PackingScreen })));
const ShippingScreen = lazy(() => import('./ShippingScreen').then((m) => ({ default: m.ShippingScreen })));
const PurchasingScreen = lazy(() => import('./PurchasingScreen').then((m) => ({ default: m.PurchasingScreen })));
const ReportsScreen = lazy(() => import('./ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const SettingsScreen = lazy(() => import('./SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

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
  { id: 'purchasing', label: 'Purchasing', component: PurchasingScreen },
  { id: 'reports', label: 'Reports', component: ReportsScreen },
  { id: 'settings', label: 'Settings', component: SettingsScreen },
];
