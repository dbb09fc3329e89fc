import type { DemoSeeder } from './index';
import { fulfilmentSeeder } from './fulfilment';
import { inventorySeeder } from './inventory';
import { ordersSeeder } from './orders';
import { shippingSeeder } from './shipping';

/** The demo shop's seeders in order: catalog, warehouses and stock; shipping (boxes, zones, rates) before the orders that ship through it; ... */
export const DEMO_SEEDERS: DemoSeeder[] = [inventorySeeder, shippingSeeder, ordersSeeder, fulfilmentSeeder];
