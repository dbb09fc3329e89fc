import type { Clock } from './clock';
import type { EventBus } from './events';
import type { Store } from './store/store';
import { AuthService } from './domain/auth/auth-service';
import { AuditLog } from './domain/audit/audit-log';
import { SystemService } from './domain/system/system-service';
import { createInventory } from './domain/inventory/index';
import { createDevices } from './devices/device-service';
import { createOrders } from './domain/orders/index';
import { createShipping } from './domain/shipping/service/index';
import { createFulfilment } from './domain/fulfillment/service/index';
import { AccountingService } from './domain/accounting/accounting-service';
import { BackupService } from './domain/backup/backup-service';

/** What every domain service is built from. */
export interface Core {
  store: Store;
  clock: Clock;
  events: EventBus;
  lanMode: boolean;
}

/** Composition of all domain services; one instance per open database. */
export function createServices(core: Core) {
  const auth = new AuthService(core);
  const system = new SystemService(core);
  const inventory = createInventory(core);
  const orders = createOrders(core, inventory);
  const devices = createDevices(core);
  const shipping = createShipping(core, { orders, devices });
  return { core, audit: new AuditLog(core), auth, system, inventory, orders, devices, shipping, fulfilment: createFulfilment(core, { inventory, orders, devices, shipping }), accounting: new AccountingService(core), backup: new BackupService(core) };
}

export type Services = ReturnType<typeof createServices>;
