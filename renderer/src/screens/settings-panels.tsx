import type { ComponentType } from 'react';
import { PrintersPanel } from './devices/PrintersPanel';
import { PrintQueuePanel } from './devices/PrintQueuePanel';
import { ScalesPanel } from './devices/ScalesPanel';
import { StationDevicesPanel } from './devices/StationDevicesPanel';

/** Extra Settings panels, one per area (devices, carriers, channels, ...), shown in this order. */
export const SETTINGS_PANELS: { id: string; title: string; component: ComponentType }[] = [];

SETTINGS_PANELS.push(
  { id: 'printers', title: 'Printers', component: PrintersPanel },
  { id: 'print-queue', title: 'Print queue', component: PrintQueuePanel },
  { id: 'scales', title: 'Scales', component: ScalesPanel },
  { id: 'station-devices', title: 'Station devices', component: StationDevicesPanel },
);
