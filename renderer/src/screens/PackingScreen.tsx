import { useEffect, useState } from 'react';
import { PackStation } from '../components/fulfilment/packing/PackStation';
import { ReturnsStation } from '../components/fulfilment/ReturnsStation';
import { useQuery } from '../hooks';
import type { ScreenProps } from './index';

const STATION_KEY = 'shipshape.packing.station';

/**
 * The packing station, keyboard- and scanner-first. Routes: '#/packing' (pack), '#/packing/returns'.
 * One input has the focus at all times: scan an order number or tote to claim it, then scan each
 * item; the weight comes from the station's scale by itself; F9 (or Ctrl+Enter) ships & prints.
 */
export function PackingScreen({ params }: ScreenProps) {
  const { data: stations } = useQuery('stations.list', {}, ['devices.']);
  const [station, setStation] = useState(() => localStorage.getItem(STATION_KEY) ?? '');
  /** The station switched away from: an order it still holds is offered for taking over. */
  const [cameFrom, setCameFrom] = useState<string | null>(null);
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
              if (chosen && chosen.name !== e.target.value) setCameFrom(chosen.name);
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
        <p className="placeholder">
          Set up a packing station (its printers and scale) in <a href="#/settings/station-devices">Settings → Stations &amp; devices</a> first.
        </p>
      ) : tab === 'returns' ? (
        <ReturnsStation station={chosen.name} />
      ) : (
        <PackStation key={chosen.name} station={chosen.name} scale={chosen.scale} hasLabelPrinter={chosen.shippingLabelPrinter !== null} cameFrom={cameFrom} />
      )}
    </section>
  );
}
