import type { ComponentType } from 'react';

/** Device areas add their badges (printers, scales) here. */
export const STATUS_BADGES: ComponentType[] = [];
