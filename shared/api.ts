import type { z } from 'zod';
import { accountingApi } from './api/accounting';
import { auditApi } from './api/audit';
import { backupApi } from './api/backup';
import { channelSyncApi } from './api/channels-sync';
import { flashSaleApi } from './api/channels-flash-sale';
import { mergeContracts, type MethodSpec } from './api/contract';
import { devicesApi } from './api/devices';
import { documentsApi } from './api/documents';
import { fulfilmentApi } from './api/fulfilment';
import { returnsApi } from './api/returns';
import { inventoryApi } from './api/inventory';
import { ordersApi } from './api/orders';
import { shippingApi } from './api/shipping';
import { customsApi } from './api/customs';
import { systemApi } from './api/system';
import { supplierBillsApi } from './api/supplier-bills';
import { purchasingDashboardApi } from './api/purchasing-dashboard';
import { purchasingApi } from './api/purchasing';
import { forecastingApi } from './api/forecasting';
import { replenishmentApi } from './api/replenishment';

/**
 * The one API contract: method name -> input schema, roles, output type. main/api implements
 * it, the renderer client and the CLI are typed from it. Each domain adds its own file.
 */
export const api = mergeContracts(systemApi, inventoryApi, ordersApi, devicesApi, documentsApi, shippingApi, customsApi, fulfilmentApi, returnsApi, accountingApi, backupApi, auditApi, channelSyncApi, flashSaleApi, supplierBillsApi, purchasingDashboardApi, purchasingApi, replenishmentApi, forecastingApi);

export type Api = typeof api;
export type MethodName = keyof Api & string;
/** What a caller sends (before defaults are applied). */
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = Api[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

export type { AppEvent, Role } from './api/contract';
