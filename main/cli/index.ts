import type { CliCommand } from './command';
import { devicesCommands } from './devices';
import { inventoryCommands } from './inventory';
import { orderCommands } from './orders';
import { systemCommands } from './system';

/** Every CLI command; each domain contributes its own list. */
export const CLI_COMMANDS: CliCommand[] = [...systemCommands, ...inventoryCommands, ...orderCommands, ...devicesCommands];
