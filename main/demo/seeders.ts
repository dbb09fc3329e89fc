import type { DemoSeeder } from './index';
import { inventorySeeder } from './inventory';

/** The demo shop's seeders in order: catalog and warehouses before stock, stock before orders, ... */
export const DEMO_SEEDERS: DemoSeeder[] = [inventorySeeder];
