import type PDFDocument from 'pdfkit';
import { lazyRequire as lazy } from '../util/lazy-require';
import { cacheStandardFontMetrics } from './pdfkit-font-cache';

/**
 * Heavy device libraries are loaded on first use, not at startup: together pdfkit, bwip-js,
 * node-thermal-printer and serialport add ~1 s to every process start on a 2-core machine,
 * and most CLI commands (and the station server's first page) never touch them.
 */

export const thermalPrinterModule = lazy<typeof import('node-thermal-printer')>('node-thermal-printer');
export const bwipModule = lazy<typeof import('bwip-js/node')>('bwip-js/node');
export const serialPortModule = lazy<typeof import('serialport')>('serialport');
export const hidModule = lazy<typeof import('node-hid')>('node-hid');
const pdfkitModule = lazy<typeof PDFDocument>('pdfkit');
/** pdfkit's document class, with standard-font metrics parsed once per process (pdfkit-font-cache.ts). */
export const pdfDocumentClass = (): typeof PDFDocument => {
  const PDF = pdfkitModule();
  cacheStandardFontMetrics(PDF);
  return PDF;
};
