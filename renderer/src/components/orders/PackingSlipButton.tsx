import { useState } from 'react';
import type { OrderDetailDto } from '../../../../shared/api/orders';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';

/** Saves a base64 PDF through a Blob URL (works in Electron and in the browser console; the CSP opens no windows). */
function savePdf(filename: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The order page's packing slip: download the PDF, or print it on a system (office) printer. */
export function PackingSlipButton({ order }: { order: Pick<OrderDetailDto, 'id' | 'number'> }) {
  const printers = useQuery('printers.list', {}, ['devices.']);
  const notify = useToast();
  const office = (printers.data ?? []).filter((p) => p.language === 'pdf' && p.enabled);
  const [printer, setPrinter] = useState('');
  const chosen = printer || office[0]?.name || '';
  return (
    <div className="row" data-testid="packing-slip">
      <button
        className="secondary"
        onClick={() =>
          void call('documents.packingSlip', { orderId: order.id })
            .then((file) => savePdf(file.filename, file.base64))
            .catch(() => undefined)
        }
      >
        Packing slip
      </button>
      {office.length > 0 && (
        <>
          <label className="inline">
            on
            <select aria-label="Packing slip printer" value={chosen} onChange={(e) => setPrinter(e.target.value)}>
              {office.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button
            className="secondary"
            onClick={() =>
              void call('documents.printPackingSlip', { orderId: order.id, printer: chosen })
                .then(() => notify('info', `Packing slip for ${order.number} queued on ${chosen}`))
                .catch(() => undefined)
            }
          >
            Print slip
          </button>
        </>
      )}
    </div>
  );
}
