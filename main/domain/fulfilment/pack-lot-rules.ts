/**
 * Lot traceability at the pack station, as a pure rule over plain data: which lot a scanned unit
 * is recorded under, or why it is refused. The packed record must match the ledger's picks lot
 * for lot (the `fulfilment.packed_lots_equal_picked` check proves it), so the station accepts
 * only a lot that was picked for the line, that still has units left to pack, and that has not
 * expired by the shop calendar's today.
 */

/** A lot picked (or, for an order packed without a batch, reserved) for one pack line. */
export interface PickedLot {
  /** Null for stock picked without a lot (received before the product was lot-tracked). */
  code: string | null;
  expiresOn: string | null;
  pickedQty: number;
  packedQty: number;
}

export type LotRefusal = 'lot_needed' | 'lot_unknown' | 'lot_expired' | 'lot_not_picked' | 'lot_all_packed';

export type LotDecision = { ok: true; code: string | null } | { ok: false; reason: LotRefusal; message: string };

export interface LotScan {
  sku: string;
  orderNumber: string;
  /** The lot code the packer scanned or typed, or null when only the item was scanned. */
  scanned: string | null;
  /** The lot of this SKU the scanned code names (null when it names none). */
  scannedLot: { code: string; expiresOn: string | null } | null;
  picked: PickedLot[];
  /** The shop calendar's date (never UTC's): a lot is expired from its expiry date on. */
  today: string;
}

/** "L1 (2), L2 (1)": what was picked, so the packer knows which lot to look for. */
export function describePickedLots(picked: PickedLot[]): string {
  if (picked.length === 0) return 'none';
  return picked.map((p) => `${p.code ?? 'no lot'} (${p.pickedQty})`).join(', ');
}

export const isExpired = (expiresOn: string | null, today: string): boolean => expiresOn !== null && expiresOn <= today;

/**
 * The lot one scanned unit is packed under. Without a scanned lot the single picked lot is taken
 * (the picker already matched it to the bin and lot reserved FEFO); with several picked lots the
 * packer is asked for the lot, because guessing would make the packed record disagree with the
 * ledger as soon as the guess is wrong.
 */
export function decidePackedLot(scan: LotScan): LotDecision {
  const list = describePickedLots(scan.picked);
  const refuse = (reason: LotRefusal, message: string): LotDecision => ({ ok: false, reason, message });
  const usable = (p: PickedLot): LotDecision => {
    const name = p.code ?? `${scan.sku} without a lot`;
    if (isExpired(p.expiresOn, scan.today)) return refuse('lot_expired', `EXPIRED LOT: Lot ${name} expired on ${p.expiresOn} — do not ship it; put it aside`);
    if (p.packedQty >= p.pickedQty) {
      return refuse('lot_all_packed', `LOT ALREADY PACKED: all ${p.pickedQty} of lot ${name} picked for order ${scan.orderNumber} are packed; this unit is another lot — picked: ${list}`);
    }
    return { ok: true, code: p.code };
  };

  if (scan.scanned === null) {
    if (scan.picked.length === 0) return refuse('lot_not_picked', `NOT PICKED: no lot of ${scan.sku} was picked for order ${scan.orderNumber} — send it back to picking`);
    if (scan.picked.length === 1) return usable(scan.picked[0]);
    return refuse('lot_needed', `LOT NEEDED: ${scan.sku} was picked from ${scan.picked.length} lots — scan the lot of this unit (picked: ${list})`);
  }
  if (!scan.scannedLot) return refuse('lot_unknown', `UNKNOWN LOT: Lot ${scan.scanned} is not a lot of SKU ${scan.sku} — put it aside`);
  const lot = scan.scannedLot;
  if (isExpired(lot.expiresOn, scan.today)) return refuse('lot_expired', `EXPIRED LOT: Lot ${lot.code} expired on ${lot.expiresOn} — do not ship it; put it aside`);
  const picked = scan.picked.find((p) => p.code === lot.code);
  if (!picked) return refuse('lot_not_picked', `WRONG LOT: Lot ${lot.code} was not picked for this order; picked: ${list}`);
  return usable(picked);
}
