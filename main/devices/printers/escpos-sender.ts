import { renderEscPos, type ReceiptDocument } from '../labels/escpos';
import { sendRaw, type SendRawOptions } from './raw-tcp';

/**
 * ESC/POS printing: node-thermal-printer builds the bytes, our sendRaw delivers them.
 * Its own tcp interface (`execute()`) destroys the socket as soon as write() calls back, which
 * can cut a job short, only has an idle timeout, and rejects with bare socket errors. sendRaw
 * waits for a clean close, bounds the whole job, and raises the same PrinterConnectionError as
 * ZPL, so the print queue has one retry policy for every printer.
 */
export async function sendEscPos(uri: string, job: ReceiptDocument | Uint8Array, options: SendRawOptions = {}): Promise<void> {
  const bytes = job instanceof Uint8Array ? job : renderEscPos(job);
  await sendRaw(uri, bytes, options);
}
