import { useState } from 'react';
import type { OrderDetailDto } from '../../../../shared/api/orders';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { downloadBase64 } from '../../download';


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
            .then((file) => downloadBase64(file.filename, 'application/pdf', file.base64))
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
