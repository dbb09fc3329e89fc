import { auditCommands } from './audit';
import type { CliCommand } from './command';
import { devicesCommands } from './devices';
import { fulfilmentCommands } from './fulfilment';
import { inventoryCommands } from './inventory';
import { orderCommands } from './orders';
import { systemCommands } from './system';
import { accountingCommands } from './accounting';
import { backupCommands } from './backup';
import { channelSyncCommands } from './channels-sync';
import { flashSaleCommands } from './flash-sale';
import { purchasingCommands } from './purchasing';
import { forecastingCommands } from './forecasting';
import { replenishmentCommands } from './replenishment';
import { shippingCommands } from './shipping';
import { logsCommands } from './logs';
import { moveCommands } from './move';

/** Every CLI command; each domain contributes its own list. */
export const CLI_COMMANDS: CliCommand[] = [...systemCommands, ...inventoryCommands, ...orderCommands, ...devicesCommands, ...shippingCommands, ...fulfilmentCommands, ...accountingCommands, ...auditCommands, ...backupCommands, ...channelSyncCommands, ...flashSaleCommands, ...purchasingCommands, ...forecastingCommands, ...replenishmentCommands, ...logsCommands, ...moveCommands];
