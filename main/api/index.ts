import { Router } from './registry';
import { packingHandlers, pickingHandlers, returnsHandlers } from './fulfilment';
import { printerHandlers, printJobHandlers, scaleHandlers, stationHandlers } from './devices';
import { catalogHandlers, countHandlers, stockHandlers, warehouseHandlers } from './inventory';
import { channelHandlers, orderHandlers, stockFeedHandlers } from './orders';
import { shippingHandlers } from './shipping';
import { accountingHandlers } from './accounting';
import { backupHandlers } from './backup';
import { channelConnectionHandlers, syncHandlers } from './channels-sync';
import { auditHandlers } from './audit';
import { flashSaleHandlers } from './channels-flash-sale';
import { authHandlers, calendarHandlers, reportHandlers, stationAccessHandlers, systemHandlers } from './system';

/** Builds the router with every domain's handlers; a missing handler fails at startup. */
export function createRouter(): Router {
  const router = new Router();
  router.register(systemHandlers);
  router.register(authHandlers);
  router.register(calendarHandlers);
  router.register(reportHandlers);
  router.register(stationAccessHandlers);
  router.register(accountingHandlers);
  router.register(backupHandlers);
  router.register(catalogHandlers);
  router.register(stockHandlers);
  router.register(countHandlers);
  router.register(warehouseHandlers);
  router.register(channelHandlers);
  router.register(channelConnectionHandlers);
  router.register(syncHandlers);
  router.register(flashSaleHandlers);
  router.register(orderHandlers);
  router.register(stockFeedHandlers);
  router.register(printerHandlers);
  router.register(printJobHandlers);
  router.register(scaleHandlers);
  router.register(stationHandlers);
  router.register(shippingHandlers);
  router.register(pickingHandlers);
  router.register(packingHandlers);
  router.register(returnsHandlers);
  router.register(auditHandlers);
  const missing = router.missingHandlers();
  if (missing.length > 0) throw new Error(`API methods without a handler: ${missing.join(', ')}`);
  return router;
}
