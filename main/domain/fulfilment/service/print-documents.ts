import type { PickBatchDto } from '../../../../shared/api/fulfilment';
import type { ReceiptBlock, ReceiptDocument } from '../../../devices/labels';

/**
 * Receipt-printer documents of fulfilment: the pick list (route order, one block per stop) and
 * the packing slip. Rendered to ESC/POS by the devices layer (renderReceiptFor) and queued.
 */
export function pickListReceipt(batch: PickBatchDto, printedAt: string): ReceiptDocument {
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: `PICK LIST — BATCH ${batch.id}`, align: 'center', bold: true, size: 'double-height' },
    { kind: 'left-right', left: `${batch.warehouse}${batch.zone ? ` · zone ${batch.zone}` : ''}`, right: `${batch.routeM.toFixed(1)} m (${batch.routeMethod})` },
    { kind: 'left-right', left: `${batch.orderCount} order(s), ${batch.taskCount} pick(s)`, right: printedAt.slice(0, 16).replace('T', ' ') },
    { kind: 'code128', data: `B${batch.id}`, heightDots: 60 },
    { kind: 'rule' },
  ];
  for (const t of batch.totes) blocks.push({ kind: 'left-right', left: `Tote ${t.tote} (${t.toteCode})`, right: t.orderNumber });
  blocks.push({ kind: 'rule', character: '=' });
  let stop: number | null | undefined;
  for (const task of batch.tasks) {
    if (task.status === 'cancelled') continue;
    if (task.stop !== stop) {
      stop = task.stop;
      blocks.push({ kind: 'text', text: `${task.stop ?? '-'}. ${task.bin}`, bold: true, size: 'double-height' });
    }
    blocks.push({ kind: 'left-right', left: `  [ ] ${task.qty} × ${task.sku}`, right: `tote ${task.tote}` });
    blocks.push({ kind: 'text', text: `      ${task.name}${task.lot ? ` · lot ${task.lot}` : ''}` });
  }
  blocks.push({ kind: 'rule' }, { kind: 'feed', lines: 3 }, { kind: 'cut' });
  return { blocks };
}

export function packingSlip(input: {
  orderNumber: string;
  customer: string;
  date: string;
  lines: { sku: string; name: string; qty: number }[];
  trackingNumber: string | null;
  service: string;
}): ReceiptDocument {
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: 'PACKING SLIP', align: 'center', bold: true, size: 'double-height' },
    { kind: 'left-right', left: `Order ${input.orderNumber}`, right: input.date },
    { kind: 'text', text: input.customer },
    { kind: 'rule' },
    ...input.lines.map((l): ReceiptBlock => ({ kind: 'left-right', left: `${l.qty} × ${l.sku}`, right: l.name.slice(0, 24) })),
    { kind: 'rule' },
    { kind: 'text', text: `${input.service}${input.trackingNumber ? `: ${input.trackingNumber}` : ''}` },
    { kind: 'text', text: 'Thank you for your order!', align: 'center' },
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  ];
  return { blocks };
}
