import type { DemoSeeder } from './index';
import { demandHistorySeeder } from './demand-history';
import { fulfilmentSeeder } from './fulfilment';
import { inventorySeeder } from './inventory';
import { ordersSeeder } from './orders';
import { purchasingSeeder } from './purchasing';
import { replenishmentSeeder } from './replenishment';
import { shippingSeeder } from './shipping';

/** The demo shop's seeders in order: catalog, warehouses and stock; shipping (boxes, zones, rates) before the orders that ship through it; a year of demand history (and its forecasts) before anything that plans purchases; suppliers and POs in every state (purchasing); the autopilot's first run, suggestions waiting (replenishment); ... */
export const DEMO_SEEDERS: DemoSeeder[] = [inventorySeeder, shippingSeeder, ordersSeeder, demandHistorySeeder, purchasingSeeder, replenishmentSeeder, fulfilmentSeeder];
