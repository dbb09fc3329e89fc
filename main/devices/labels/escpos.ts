import type { CharacterSet, ThermalPrinter } from 'node-thermal-printer';
import { thermalPrinterModule } from '../lazy-modules';

/**
 * Receipt-printer documents (pick lists, packing slips, receipts) → ESC/POS bytes, built with
 * node-thermal-printer's command API. Receipts are a flow of lines, not a positioned label,
 * so they have their own small model instead of LabelLayout.
 */

export type ReceiptAlign = 'left' | 'center' | 'right';

export type ReceiptBlock =
  | { kind: 'text'; text: string; align?: ReceiptAlign; bold?: boolean; size?: 'normal' | 'double-height' | 'double-width' | 'quad' }
  | { kind: 'left-right'; left: string; right: string; bold?: boolean }
  | { kind: 'columns'; cells: { text: string; align?: ReceiptAlign; widthFraction?: number; bold?: boolean }[] }
  | { kind: 'rule'; character?: string }
  | { kind: 'code128'; data: string; heightDots?: number; humanReadable?: boolean }
  | { kind: 'qr'; data: string; cellSize?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8; correction?: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'feed'; lines?: number }
  | { kind: 'cut'; partial?: boolean }
  | { kind: 'open-cash-drawer' };

export interface ReceiptDocument {
  /** Characters per line in font A: 48 on 80 mm paper, 32 on 58 mm paper. */
  widthChars?: number;
  /**
   * Starting code page. PC858 is PC850 (Western European) plus the euro sign, and is in the
   * firmware of practically every Epson-compatible printer; node-thermal-printer switches to
   * another page (ESC t) on its own when a character is missing from the active one.
   */
  characterSet?: CharacterSet;
  blocks: ReceiptBlock[];
}

export const DEFAULT_RECEIPT_CHARACTER_SET = 'PC858_EURO' as CharacterSet;

const ESC_POS_INITIALISE = Buffer.from([0x1b, 0x40]);
const CODE128_BARCODE_TYPE = 73;
const HRI_BELOW = 2;

function applyAlign(printer: ThermalPrinter, align: ReceiptAlign | undefined): void {
  if (align === 'center') printer.alignCenter();
  else if (align === 'right') printer.alignRight();
  else printer.alignLeft();
}

function applySize(printer: ThermalPrinter, size: Extract<ReceiptBlock, { kind: 'text' }>['size']): void {
  if (size === 'double-height') printer.setTextDoubleHeight();
  else if (size === 'double-width') printer.setTextDoubleWidth();
  else if (size === 'quad') printer.setTextQuadArea();
  else printer.setTextNormal();
}

function renderBlock(printer: ThermalPrinter, block: ReceiptBlock): void {
  switch (block.kind) {
    case 'text':
      applyAlign(printer, block.align);
      applySize(printer, block.size);
      printer.bold(Boolean(block.bold));
      printer.println(block.text);
      printer.bold(false);
      printer.setTextNormal();
      printer.alignLeft();
      break;
    case 'left-right':
      printer.bold(Boolean(block.bold));
      printer.leftRight(block.left, block.right);
      printer.bold(false);
      break;
    case 'columns':
      printer.tableCustom(
        block.cells.map((cell) => ({
          text: cell.text,
          align: (cell.align ?? 'left').toUpperCase() as 'LEFT' | 'CENTER' | 'RIGHT',
          width: cell.widthFraction ?? 1 / block.cells.length,
          bold: cell.bold,
        })),
      );
      break;
    case 'rule':
      printer.drawLine(block.character);
      break;
    case 'code128':
      printer.alignCenter();
      printer.printBarcode(block.data, CODE128_BARCODE_TYPE, {
        hriPos: block.humanReadable === false ? 0 : HRI_BELOW,
        width: 2,
        height: Math.min(255, Math.max(1, block.heightDots ?? 80)),
      });
      printer.newLine();
      printer.alignLeft();
      break;
    case 'qr':
      printer.alignCenter();
      printer.printQR(block.data, { cellSize: block.cellSize ?? 6, correction: block.correction ?? 'M', model: 2 });
      printer.newLine();
      printer.alignLeft();
      break;
    case 'feed':
      for (let i = 0; i < (block.lines ?? 1); i++) printer.newLine();
      break;
    case 'cut':
      if (block.partial) printer.partialCut();
      else printer.cut();
      break;
    case 'open-cash-drawer':
      printer.openCashDrawer();
      break;
  }
}

export function renderEscPos(document: ReceiptDocument): Buffer {
  // An empty interface keeps node-thermal-printer a pure buffer builder: sending goes through
  // our own transport (printers/escpos-sender), which reports failures the same way for ZPL and ESC/POS.
  const { ThermalPrinter: ThermalPrinterClass, PrinterTypes } = thermalPrinterModule();
  const printer = new ThermalPrinterClass({
    type: PrinterTypes.EPSON,
    interface: '',
    width: document.widthChars ?? 48,
    removeSpecialCharacters: false,
  });
  printer.add(ESC_POS_INITIALISE);
  // The code page goes after ESC @, which would reset it.
  printer.setCharacterSet(document.characterSet ?? DEFAULT_RECEIPT_CHARACTER_SET);
  for (const block of document.blocks) renderBlock(printer, block);
  return Buffer.from(printer.getBuffer());
}
