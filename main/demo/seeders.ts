import type { DemoSeeder } from './index';
import { fulfilmentSeeder } from './fulfilment';
import { inventorySeeder } from './inventory';
import { ordersSeeder } from './orders';
import { shippingSeeder } from './shipping';

/** The demo shop's seeders in order: catalog and warehouses before stock, stock before orders, ... */
export const DEMO_SEEDERS: DemoSeeder[] = [inventorySeeder, ordersSeeder, shippingSeeder, fulfilmentSeeder];
