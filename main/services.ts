import type { Core } from './core';
import { AuthService } from './domain/auth/auth-service';
import { AuditLog } from './domain/audit/audit-log';
import { SystemService } from './domain/system/system-service';
import { createInventory } from './domain/inventory/index';
import { createDevices } from './devices/device-service';
import { createOrders } from './domain/orders/index';
import { createShipping } from './domain/shipping/service/index';
import { createFulfilment } from './domain/fulfilment/service/index';
import { AccountingService } from './domain/accounting/accounting-service';
import { BackupService } from './domain/backup/backup-service';
import { createChannelSync } from './domain/channels/index';
import { createForecasting } from './domain/forecasting/forecast-service';
import { createPurchasing } from './domain/purchasing/index';
import { createReplenishment } from './domain/replenishment/index';


/** Composition of all domain services; one instance per open database. */
export function createServices(core: Core) {
  const auth = new AuthService(core);
  const system = new SystemService(core);
  const inventory = createInventory(core);
  const orders = createOrders(core, inventory);
  const devices = createDevices(core);
  const shipping = createShipping(core, { orders, devices });
  const channelSync = createChannelSync(core, { orders, secretBox: core.secretBox ?? null });
  // The outbox row of a shipment's fulfilment is written inside the shipment's own transaction.
  // The worker is woken at once (kick drains on the next turn, after that transaction has
  // committed) rather than at its next tick, so the customer's shipping e-mail is not a second late.
  const { written, voided } = channelSync.connections.shipmentListener;
  shipping.shipments.addListener({
    written: async (id: number) => {
      await written(id);
      channelSync.kick();
    },
    voided: async (id: number) => {
      await voided(id);
      channelSync.kick();
    },
  });
  const purchasing = createPurchasing(core, { inventory });
  const audit = new AuditLog(core);
  const replenishment = createReplenishment(core, { purchasing, audit });
  return { core, channelSync, purchasing, replenishment, forecasting: createForecasting(core), audit, auth, system, inventory, orders, devices, shipping, fulfilment: createFulfilment(core, { inventory, orders, devices, shipping }), accounting: new AccountingService(core), backup: new BackupService(core) };
}

export type Services = ReturnType<typeof createServices>;
