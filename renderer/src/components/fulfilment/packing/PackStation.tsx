import { useEffect, useState } from 'react';
import { useConfirm } from '../../ConfirmDialog';
import { PackLines } from '../PackLines';
import { PackScanBar } from './PackScanBar';
import { ParcelPanel } from './ParcelPanel';
import { StationDevicesNotice } from './StationDevicesNotice';
import { usePackSession } from './usePackSession';
import { useShipAndPrint } from './useShipAndPrint';
import { useStationScale } from './useStationScale';

/**
 * One packing station, keyboard- and scanner-first. One input has the focus at all times: scan an
 * order number or tote to claim it, then each item; the weight comes from the station's scale by
 * itself; F9 (or Ctrl/⌘+Enter) ships & prints — or, while the label is locked, says why.
 */
export function PackStation({ station, scale, hasLabelPrinter, cameFrom }: { station: string; scale: string | null; hasLabelPrinter: boolean; cameFrom: string | null }) {
  const state = usePackSession(station, cameFrom);
  const { session, setSession, setInfo, setRefusal, fail, focusScan } = state;
  const [locked, setLocked] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const { live, weigh } = useStationScale(scale, session, setSession, setInfo);
  const shipping = useShipAndPrint(session, {
    onShipped(message) {
      setInfo(message);
      setSession(null);
      setRefusal(null);
    },
    onRefused: fail,
    onLocked: setLocked,
    after: focusScan,
  });
  // The "why is it locked" note answers one key press; it goes when the lock changes.
  const lockedReason = session?.lockedReason;
  useEffect(() => setLocked(null), [lockedReason, session?.id]);

  const takeOver = async () => {
    const offer = state.takeOverOffer;
    if (!offer) return;
    const yes = await confirm({
      title: `Take over ${offer.orderNumber}?`,
      body: `${offer.orderNumber} is claimed by ${offer.station}. Taking it over moves it to ${station} with the items scanned and the weight so far; ${offer.station} can no longer pack it.`,
      confirmLabel: `Take over ${offer.orderNumber}`,
    });
    if (yes) await state.takeOver(offer);
    else focusScan();
  };

  const packing = session?.status === 'packing' ? session : null;
  return (
    <div className="pack-station">
      <StationDevicesNotice station={station} hasLabelPrinter={hasLabelPrinter} hasScale={scale !== null} />
      <PackScanBar state={state} onTakeOver={() => void takeOver()} />
      {locked ? (
        <div className="callout warn" role="alert" data-testid="pack-locked">
          Cannot ship yet: {locked}
        </div>
      ) : null}
      {packing ? (
        <div className="pack-layout">
          <div className="panel pack-lines-card" data-testid="pack-lines-card">
            <div className="row">
              <h2 className="detail-title" data-testid="pack-order">
                {packing.orderNumber}
              </h2>
              <span className="muted">
                {packing.customer}
                {packing.shipTo ? ` · ${packing.shipTo.city} ${packing.shipTo.postalCode}` : ''}
              </span>
              <span className="spacer" />
              <button onClick={() => void state.release()}>Release</button>
            </div>
            <PackLines lines={packing.lines} />
          </div>
          <ParcelPanel session={packing} scale={scale} live={live} hasLabelPrinter={hasLabelPrinter} shipping={shipping} weigh={() => void weigh()} onSession={setSession} onRefused={fail} />
        </div>
      ) : null}
      {confirmDialog}
    </div>
  );
}
