/**
 * Office documents as PDF: packing slips, pick lists, and the shop's document settings. Labels as
 * PDF (4×6 pages or two per A4/Letter sheet) live with the other label renderers
 * (main/devices/labels/pdf-sheets.ts); printing any of them goes through a system printer.
 */
export { documentSettings, updateDocumentSettings, logoBytes, DEFAULT_RETURN_INSTRUCTIONS } from './document-settings';
export { renderPackingSlipPdf, packingSlipPdf, loadPackingSlip, type PackingSlipData, type PackingSlipOptions } from './packing-slip-pdf';
export { renderPickListPdf } from './pick-list-pdf';
