import { useState } from 'react';
import { useQuery } from '../../../hooks';
import { useWarehouse } from './useWarehouse';

/** Slotting: ABC classes of the last N days of picks and the moves that would shorten the walks. */
export function Slotting() {
  const [warehouse, setWarehouse, codes] = useWarehouse();
  const [days, setDays] = useState(30);
  const { data } = useQuery('picking.slotting', { warehouse, days, maxMoves: 25 });
  return (
    <div>
      <div className="panel row">
        <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)} aria-label="Warehouse">
          {codes.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <label>
          Last <input className="narrow" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value) || 30)} /> days
        </label>
        {data ? (
          <span>
            {data.totalPicks} picks · A {data.classCounts.A} / B {data.classCounts.B} / C {data.classCounts.C} · moves would save <strong>{data.simulation.savedM} m</strong> ({data.simulation.savedPercent}%) over {data.simulation.tours} tours
          </span>
        ) : null}
      </div>
      {data ? (
        <div className="grid-side">
          <div className="panel">
            <h3>Suggested moves</h3>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>From</th>
                  <th>To</th>
                  <th>Swap</th>
                  <th>Metres</th>
                </tr>
              </thead>
              <tbody>
                {data.moves.map((m) => (
                  <tr key={m.sku}>
                    <td className="mono">{m.sku}</td>
                    <td className="mono">{m.fromBin}</td>
                    <td className="mono">{m.toBin}</td>
                    <td className="mono">{m.swappedSku ?? ''}</td>
                    <td>
                      {m.fromDistanceM} → {m.toDistanceM}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="panel scroll-box">
            <h3>Pick frequency (ABC)</h3>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Name</th>
                  <th>Picks</th>
                  <th>Class</th>
                  <th>Bin</th>
                  <th>From depot</th>
                </tr>
              </thead>
              <tbody>
                {data.skus.slice(0, 300).map((s) => (
                  <tr key={s.sku}>
                    <td className="mono">{s.sku}</td>
                    <td className="ellipsis cell-wide">{s.name}</td>
                    <td>{s.picks}</td>
                    <td>{s.class}</td>
                    <td className="mono">{s.bin}</td>
                    <td>{s.distanceM === null ? '–' : `${s.distanceM} m`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
