import type PDFDocument from 'pdfkit';
import { lazyRequire as lazy } from '../util/lazy-require';

/**
 * Heavy device libraries are loaded on first use, not at startup: together pdfkit, bwip-js,
 * node-thermal-printer and serialport add ~1 s to every process start on a 2-core machine,
 * and most CLI commands (and the station server's first page) never touch them.
 */

export const thermalPrinterModule = lazy<typeof import('node-thermal-printer')>('node-thermal-printer');
export const bwipModule = lazy<typeof import('bwip-js/node')>('bwip-js/node');
export const serialPortModule = lazy<typeof import('serialport')>('serialport');
export const hidModule = lazy<typeof import('node-hid')>('node-hid');
export const pdfDocumentClass = lazy<typeof PDFDocument>('pdfkit');
