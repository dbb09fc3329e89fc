import type { PackSessionState } from './usePackSession';

/**
 * The station's one input (order or tote, then each item), the lot field for lot-tracked orders,
 * and what the last scan said: the lot prompt, a loud refusal, the take-over offer, or the news.
 */
export function PackScanBar({ state, onTakeOver }: { state: PackSessionState; onTakeOver(): void }) {
  const { session, pending } = state;
  const packing = session?.status === 'packing';
  return (
    <>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void state.submitScan();
        }}
      >
        <label className="muted" htmlFor="pack-scan">
          {packing ? `Scan the items of ${session.orderNumber}` : 'Scan an order number or tote'}
        </label>
        <input id="pack-scan" ref={state.scanInput} className="big-input" autoFocus autoComplete="off" value={state.code} onChange={(e) => state.setCode(e.target.value)} data-testid="pack-scan" />
      </form>
      {packing && session.lines.some((l) => l.lotTracked) ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void state.submitLot();
          }}
        >
          <label className="muted" htmlFor="pack-lot">
            {pending ? `Lot of ${pending.sku ?? pending.code}` : 'Lot (scan before the item to name its lot)'}
          </label>
          <input id="pack-lot" ref={state.lotInput} autoComplete="off" value={state.lot} onChange={(e) => state.setLot(e.target.value)} data-testid="pack-lot" />
        </form>
      ) : null}
      {state.lotPrompt ? (
        <div className="callout warn" role="status" data-testid="pack-lot-prompt">
          {state.lotPrompt}
        </div>
      ) : null}
      {state.refusal ? (
        <div className="pack-refusal" role="alert" data-testid="pack-refusal">
          {state.refusal}
        </div>
      ) : null}
      {state.takeOverOffer ? (
        <div className="callout row" data-testid="pack-take-over">
          <span>
            {state.takeOverOffer.orderNumber} is open at {state.takeOverOffer.station}. Packing it here moves the claim, with what was scanned and weighed so far.
          </span>
          <span className="spacer" />
          <button className="primary" onClick={onTakeOver}>
            Take over…
          </button>
          <button onClick={state.dismissTakeOver}>Not now</button>
        </div>
      ) : null}
      {state.info ? (
        <div className="callout" data-testid="pack-info">
          {state.info}
        </div>
      ) : null}
    </>
  );
}
