import { useState } from 'react';
import type { PackSessionDto } from '../../../../../shared/api/fulfilment';
import type { ScaleReadingEvent } from '../../../../../shared/api/devices';
import { formatMoney } from '../../../../../shared/units';
import { call } from '../../../bridge';
import { grams } from './feedback';
import type { useShipAndPrint } from './useShipAndPrint';
import { WeightOverride } from './WeightOverride';

interface ParcelPanelProps {
  session: PackSessionDto;
  scale: string | null;
  live: ScaleReadingEvent | null;
  hasLabelPrinter: boolean;
  shipping: ReturnType<typeof useShipAndPrint>;
  weigh(): void;
  onSession(s: PackSessionDto): void;
  onRefused(err: unknown): void;
}

/** The right-hand card: box, expected and measured weight, the weight block, rates and Ship & print. */
export function ParcelPanel({ session, scale, live, hasLabelPrinter, shipping, weigh, onSession, onRefused }: ParcelPanelProps) {
  const [manualGrams, setManualGrams] = useState('');
  const reading = live?.reading;
  const { rates } = shipping;
  return (
    <div className="panel pack-parcel" data-testid="pack-parcel">
      <dl className="facts">
        <dt>Box</dt>
        <dd>
          <select
            data-testid="box-select"
            aria-label="Box"
            value={session.box?.code ?? ''}
            disabled={!session.allVerified}
            onChange={(e) => void call('packing.setBox', { sessionId: session.id, box: e.target.value }).then(onSession, onRefused)}
          >
            {session.box ? null : <option value="">—</option>}
            {session.boxes.map((b) => (
              <option key={b.code} value={b.code}>
                {b.code} · {b.name} ({grams(b.tareG)})
              </option>
            ))}
          </select>{' '}
          {session.box?.suggested ? <span className="muted">suggested</span> : null}
        </dd>
        <dt>Expected</dt>
        <dd>
          {grams(session.weight.expectedG)} ± {session.weight.tolerancePercent} %
        </dd>
        <dt>Scale</dt>
        <dd data-testid="live-weight">
          {scale ? (reading ? `${grams(reading.grams)} ${reading.stable ? 'stable' : '…'}` : (live?.error ?? 'waiting for the scale')) : 'no scale at this station'}
        </dd>
        <dt>Weighed</dt>
        <dd data-testid="measured-weight">{session.weight.measuredG === null ? '—' : grams(session.weight.measuredG)}</dd>
      </dl>
      {!scale && session.allVerified ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void call('packing.weigh', { sessionId: session.id, grams: Number(manualGrams) }).then(onSession, onRefused);
          }}
        >
          <input className="narrow" value={manualGrams} onChange={(e) => setManualGrams(e.target.value)} placeholder="grams" aria-label="Weight in grams" />
          <button>Weigh</button>
        </form>
      ) : scale && session.allVerified ? (
        <button onClick={weigh}>Weigh again</button>
      ) : null}
      <WeightOverride session={session} onSession={onSession} onRefused={onRefused} />
      <hr />
      {rates ? (
        <div data-testid="rates">
          <select value={shipping.service} onChange={(e) => shipping.setService(e.target.value)} aria-label="Service">
            {rates.options.map((o) => (
              <option key={o.serviceKey} value={`${o.carrier}/${o.service}`}>
                {o.serviceName} · {formatMoney(o.priceCents, o.currency)} · {o.deliveryDate}
                {rates.recommended?.serviceKey === o.serviceKey ? ' (recommended)' : ''}
              </option>
            ))}
          </select>
          <p className="muted">{rates.reason}</p>
        </div>
      ) : null}
      {!hasLabelPrinter ? <p className="error">This station has no shipping-label printer.</p> : null}
      <button
        className="primary ship-print"
        data-testid="ship-print"
        disabled={!session.labelUnlocked || shipping.busy}
        onClick={() => void shipping.ship()}
        title={session.lockedReason ?? 'F9'}
      >
        {session.labelUnlocked ? 'Ship & print (F9)' : `Label locked: ${session.lockedReason}`}
      </button>
    </div>
  );
}
