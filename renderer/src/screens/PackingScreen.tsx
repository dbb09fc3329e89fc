import { useCallback, useEffect, useRef, useState } from 'react';
import type { PackScanResultDto, PackSessionDto } from '../../../shared/api/fulfilment';
import type { ScaleReadingEvent } from '../../../shared/api/devices';
import type { RatesDto } from '../../../shared/api/shipping';
import { formatMoney } from '../../../shared/units';
import { call } from '../bridge';
import { PackLines } from '../components/fulfilment/PackLines';
import { ReturnsStation } from '../components/fulfilment/ReturnsStation';
import { useToast } from '../components/Toasts';
import { useEvents, useQuery } from '../hooks';
import type { ScreenProps } from './index';

const STATION_KEY = 'shipshape.packing.station';
const grams = (n: number) => `${n.toLocaleString('en-US')} g`;

/** A short, unmistakable tone for a refused scan (packers look at the parcel, not the screen). */
function buzz(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.type = 'square';
    osc.frequency.value = 220;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.35);
  } catch {
    // No audio device: the red banner is the message.
  }
}

/**
 * The packing station, keyboard- and scanner-first. Routes: '#/packing' (pack), '#/packing/returns'.
 * One input has the focus at all times: scan an order number or tote to claim it, then scan each
 * item; the weight comes from the station's scale by itself; F9 (or Ctrl+Enter) ships & prints.
 */
export function PackingScreen({ params }: ScreenProps) {
  const { data: stations } = useQuery('stations.list', {}, ['devices.']);
  const [station, setStation] = useState(() => localStorage.getItem(STATION_KEY) ?? '');
  const chosen = stations?.find((s) => s.name === station) ?? stations?.[0];
  useEffect(() => {
    if (chosen && chosen.name !== station) setStation(chosen.name);
  }, [chosen, station]);
  const tab = params[0] === 'returns' ? 'returns' : 'pack';
  return (
    <section className="screen packing-screen">
      <div className="row">
        <h1>Packing</h1>
        <nav className="tabs" aria-label="Packing views">
          <a href="#/packing" className={tab === 'pack' ? 'active' : ''}>
            Pack
          </a>
          <a href="#/packing/returns" className={tab === 'returns' ? 'active' : ''}>
            Returns
          </a>
        </nav>
        <span className="spacer" />
        <label>
          Station{' '}
          <select
            data-testid="station-select"
            value={chosen?.name ?? ''}
            onChange={(e) => {
              localStorage.setItem(STATION_KEY, e.target.value);
              setStation(e.target.value);
            }}
          >
            {(stations ?? []).map((s) => (
              <option key={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
      </div>
      {!chosen ? (
        <p className="placeholder">Set up a packing station (its printers and scale) in Settings → Devices first.</p>
      ) : tab === 'returns' ? (
        <ReturnsStation station={chosen.name} />
      ) : (
        <PackStation key={chosen.name} station={chosen.name} scale={chosen.scale} hasLabelPrinter={chosen.shippingLabelPrinter !== null} />
      )}
    </section>
  );
}

function PackStation({ station, scale, hasLabelPrinter }: { station: string; scale: string | null; hasLabelPrinter: boolean }) {
  const [session, setSession] = useState<PackSessionDto | null>(null);
  const [code, setCode] = useState('');
  const [lot, setLot] = useState('');
  /** The item scanned while its lot is asked for (several lots were picked for it). */
  /** The item waiting for its lot: the code scanned (sent again with the lot) and the SKU it named (shown). */
  const [pendingItem, setPendingItem] = useState<string | null>(null);
  const [pendingSku, setPendingSku] = useState<string | null>(null);
  const [lotPrompt, setLotPrompt] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [live, setLive] = useState<ScaleReadingEvent | null>(null);
  const [rates, setRates] = useState<RatesDto | null>(null);
  const [service, setService] = useState('');
  const [override, setOverride] = useState({ open: false, reason: '', supervisor: '' });
  const [manualGrams, setManualGrams] = useState('');
  const [busy, setBusy] = useState(false);
  const scanInput = useRef<HTMLInputElement>(null);
  const lotInput = useRef<HTMLInputElement>(null);
  const weighing = useRef(false);
  const notify = useToast();

  const focusScan = useCallback(() => setTimeout(() => scanInput.current?.focus(), 0), []);
  useEffect(() => {
    void call('packing.current', { station }).then(setSession);
    focusScan();
  }, [station, focusScan]);

  const fail = (err: unknown) => {
    setRefusal((err as Error).message);
    buzz();
  };

  useEvents(['scale.reading'], (event) => {
    const e = event.data as ScaleReadingEvent;
    if (scale && e.scale === scale) setLive(e);
  });

  // The weight is taken as soon as the scale is stable once everything is verified.
  const weigh = useCallback(async () => {
    if (!session || weighing.current) return;
    weighing.current = true;
    try {
      setSession(await call('packing.weigh', { sessionId: session.id }));
    } catch (err) {
      setInfo((err as Error).message);
    } finally {
      weighing.current = false;
    }
  }, [session]);
  useEffect(() => {
    if (!session || session.status !== 'packing' || !session.allVerified || !scale) return;
    const r = live?.reading;
    if (!r || !r.stable || r.status !== 'ok' || r.grams <= 0) return;
    if (session.weight.measuredG === r.grams) return;
    void weigh();
  }, [live, session, scale, weigh]);

  // Rate shopping once the label is unlocked (box and weight known).
  const labelUnlocked = session?.labelUnlocked ?? false;
  const sessionId = session?.id;
  const boxCode = session?.box?.code;
  const measured = session?.weight.measuredG;
  useEffect(() => {
    setRates(null);
    if (!labelUnlocked || sessionId === undefined) return;
    void call('packing.rates', { sessionId }).then((r) => {
      setRates(r);
      setService(r.recommended ? `${r.recommended.carrier}/${r.recommended.service}` : '');
    });
  }, [labelUnlocked, sessionId, boxCode, measured]);

  const ship = useCallback(async () => {
    if (!session || !session.labelUnlocked || busy) return;
    setBusy(true);
    try {
      const recommended = rates?.recommended ? `${rates.recommended.carrier}/${rates.recommended.service}` : '';
      const r = await call('packing.ship', {
        sessionId: session.id,
        service: service || undefined,
        overrideReason: service && service !== recommended ? 'chosen at the packing station' : undefined,
      });
      setInfo(`${r.session.orderNumber} shipped ✓ ${r.service} ${r.trackingNumbers.join(', ')} — label printing. Scan the next order.`);
      notify('success', `${r.session.orderNumber} shipped with ${r.service}`);
      setSession(null);
      setRates(null);
      setRefusal(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      focusScan();
    }
  }, [session, rates, service, busy, notify, focusScan]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        void ship();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ship]);

  const submitScan = async () => {
    const value = code.trim();
    setCode('');
    if (!value) return;
    setInfo(null);
    try {
      if (!session || session.status !== 'packing') {
        const opened = await call('packing.open', { station, code: value });
        setSession(opened);
        setRefusal(null);
        setInfo(`${opened.orderNumber}: scan each item`);
      } else {
        const lotValue = lot.trim();
        setLot('');
        showScan(value, await call('packing.scanItem', { sessionId: session.id, code: value, ...(lotValue ? { lot: lotValue } : {}) }));
        return;
      }
    } catch (err) {
      fail(err);
    }
    focusScan();
  };

  /** A refused lot is as loud as a wrong item; being asked for the lot only moves the focus to it. */
  const showScan = (item: string, r: PackScanResultDto) => {
    setSession(r.session);
    setPendingItem(null);
    setLotPrompt(null);
    if (r.ok) {
      setRefusal(null);
      setInfo(r.message);
    } else if (r.needsLot) {
      setRefusal(null);
      setPendingItem(item);
      setPendingSku(r.sku);
      setLotPrompt(r.message);
      setTimeout(() => lotInput.current?.focus(), 0);
      return;
    } else {
      setRefusal(r.message);
      buzz();
    }
    focusScan();
  };

  /** The lot field: answers the lot prompt, or (typed first) goes with the next item scanned. */
  const submitLot = async () => {
    const value = lot.trim();
    if (!value || !session || !pendingItem) {
      focusScan();
      return;
    }
    setLot('');
    try {
      showScan(pendingItem, await call('packing.scanItem', { sessionId: session.id, code: pendingItem, lot: value }));
    } catch (err) {
      fail(err);
      focusScan();
    }
  };

  const reading = live?.reading;
  return (
    <div className="pack-station">
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void submitScan();
        }}
      >
        <label className="muted" htmlFor="pack-scan">
          {session && session.status === 'packing' ? `Scan the items of ${session.orderNumber}` : 'Scan an order number or tote'}
        </label>
        <input id="pack-scan" ref={scanInput} className="big-input" autoFocus autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} data-testid="pack-scan" />
      </form>
      {session && session.status === 'packing' && session.lines.some((l) => l.lotTracked) ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void submitLot();
          }}
        >
          <label className="muted" htmlFor="pack-lot">
            {pendingItem ? `Lot of ${pendingSku ?? pendingItem}` : 'Lot (scan before the item to name its lot)'}
          </label>
          <input id="pack-lot" ref={lotInput} autoComplete="off" value={lot} onChange={(e) => setLot(e.target.value)} data-testid="pack-lot" />
        </form>
      ) : null}
      {lotPrompt ? (
        <div className="callout warn" role="status" data-testid="pack-lot-prompt">
          {lotPrompt}
        </div>
      ) : null}
      {refusal ? (
        <div className="pack-refusal" role="alert" data-testid="pack-refusal">
          {refusal}
        </div>
      ) : null}
      {info ? (
        <div className="callout" data-testid="pack-info">
          {info}
        </div>
      ) : null}

      {session && session.status === 'packing' ? (
        <div className="grid-side">
          <div className="panel">
            <div className="row">
              <h2 className="detail-title" data-testid="pack-order">
                {session.orderNumber}
              </h2>
              <span className="muted">
                {session.customer}
                {session.shipTo ? ` · ${session.shipTo.city} ${session.shipTo.postalCode}` : ''}
              </span>
              <span className="spacer" />
              <button
                onClick={() =>
                  void call('packing.release', { sessionId: session.id, reason: 'released at the station' }).then(() => {
                    setSession(null);
                    focusScan();
                  })
                }
              >
                Release
              </button>
            </div>
            <PackLines lines={session.lines} />
          </div>
          <div className="panel">
            <dl className="facts">
              <dt>Box</dt>
              <dd>
                <select
                  data-testid="box-select"
                  value={session.box?.code ?? ''}
                  disabled={!session.allVerified}
                  onChange={(e) => void call('packing.setBox', { sessionId: session.id, box: e.target.value }).then(setSession, fail)}
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
                  void call('packing.weigh', { sessionId: session.id, grams: Number(manualGrams) }).then(setSession, fail);
                }}
              >
                <input className="narrow" value={manualGrams} onChange={(e) => setManualGrams(e.target.value)} placeholder="grams" aria-label="Weight in grams" />
                <button>Weigh</button>
              </form>
            ) : scale && session.allVerified ? (
              <button onClick={() => void weigh()}>Weigh again</button>
            ) : null}
            {session.weight.explanation && !session.weight.overridden ? (
              <div className="weight-block" role="alert" data-testid="weight-block">
                <strong>Weight does not match: </strong>
                {session.weight.explanation}
                {override.open ? (
                  <form
                    className="row"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void call('packing.override', { sessionId: session.id, reason: override.reason, supervisor: override.supervisor }).then((s) => {
                        setSession(s);
                        setOverride({ open: false, reason: '', supervisor: '' });
                        focusScan();
                      }, fail);
                    }}
                  >
                    <input autoFocus placeholder="Reason" value={override.reason} onChange={(e) => setOverride({ ...override, reason: e.target.value })} aria-label="Override reason" />
                    <input placeholder="Supervisor" value={override.supervisor} onChange={(e) => setOverride({ ...override, supervisor: e.target.value })} aria-label="Supervisor" />
                    <button>Override</button>
                  </form>
                ) : (
                  <button onClick={() => setOverride({ ...override, open: true })}>Supervisor override…</button>
                )}
              </div>
            ) : null}
            {session.weight.overridden ? (
              <p className="muted">
                Overridden by {session.weight.overrideBy}: {session.weight.overrideReason}
              </p>
            ) : null}
            <hr />
            {rates ? (
              <div data-testid="rates">
                <select value={service} onChange={(e) => setService(e.target.value)} aria-label="Service">
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
            <button className="primary ship-print" data-testid="ship-print" disabled={!session.labelUnlocked || busy} onClick={() => void ship()} title={session.lockedReason ?? 'F9'}>
              {session.labelUnlocked ? 'Ship & print (F9)' : `Label locked: ${session.lockedReason}`}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
