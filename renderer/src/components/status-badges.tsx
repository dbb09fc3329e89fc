import type { ComponentType } from 'react';
import { PrinterBadge, ScaleBadge } from './DeviceBadges';

/** Device areas add their badges (printers, scales) here. */
export const STATUS_BADGES: ComponentType[] = [];

STATUS_BADGES.push(PrinterBadge, ScaleBadge);
