import type { ComponentType } from 'react';

/** Extra Settings panels, one per area (devices, carriers, channels, ...), shown in this order. */
export const SETTINGS_PANELS: { id: string; title: string; component: ComponentType }[] = [];
