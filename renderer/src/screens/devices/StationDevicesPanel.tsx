import { useState } from 'react';
import type { PackingStationDto } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../../components/Toasts';

type Role = 'shippingLabelPrinter' | 'packingSlipPrinter' | 'pickListPrinter' | 'labelPrinter';
const ROLES: { key: Role; label: string }[] = [
  { key: 'shippingLabelPrinter', label: 'Shipping labels' },
  { key: 'packingSlipPrinter', label: 'Packing slips' },
  { key: 'pickListPrinter', label: 'Pick lists' },
  { key: 'labelPrinter', label: 'Product & bin labels' },
];

type Form = Omit<PackingStationDto, 'id'> & { renameFrom?: string };
const EMPTY: Form = { name: '', shippingLabelPrinter: null, packingSlipPrinter: null, pickListPrinter: null, labelPrinter: null, scale: null };

/** Settings → Station devices: which printer does which job at each packing station, and its scale. */
export function StationDevicesPanel() {
  const stations = useQuery('stations.list', {}, ['devices.']);
  const printers = useQuery('printers.list', {}, ['devices.']);
  const scales = useQuery('scales.list', {}, ['devices.']);
  const notify = useToast();
  const [form, setForm] = useState<Form>(EMPTY);
  return (
    <div className="panel" data-testid="panel-station-devices">
      <h2>Station devices</h2>
      <form
        className="row"
        aria-label="Station devices"
        onSubmit={(e) => {
          e.preventDefault();
          void call('stations.upsert', form)
            .then((s) => {
              notify('success', `Station ${s.name} saved`);
              setForm(EMPTY);
              void stations.reload();
            })
            .catch(() => undefined);
        }}
      >
        <input aria-label="Packing station name" placeholder="Station" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        {ROLES.map((role) => (
          <select key={role.key} aria-label={role.label} value={form[role.key] ?? ''} onChange={(e) => setForm({ ...form, [role.key]: e.target.value || null })}>
            <option value="">{role.label}: none</option>
            {printers.data?.map((p) => (
              <option key={p.id} value={p.name}>
                {role.label}: {p.name}
              </option>
            ))}
          </select>
        ))}
        <select aria-label="Station scale" value={form.scale ?? ''} onChange={(e) => setForm({ ...form, scale: e.target.value || null })}>
          <option value="">Scale: none</option>
          {scales.data?.map((s) => (
            <option key={s.id} value={s.name}>
              Scale: {s.name}
            </option>
          ))}
        </select>
        <button type="submit">{form.renameFrom ? 'Save station' : 'Add station'}</button>
      </form>
      <table className="table">
        <thead>
          <tr>
            <th>Station</th>
            {ROLES.map((r) => (
              <th key={r.key}>{r.label}</th>
            ))}
            <th>Scale</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {stations.data?.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              {ROLES.map((r) => (
                <td key={r.key}>{s[r.key] ?? '—'}</td>
              ))}
              <td>{s.scale ?? '—'}</td>
              <td className="row">
                <button className="secondary" onClick={() => setForm({ ...s, renameFrom: s.name })}>
                  Edit
                </button>
                <button className="secondary" onClick={() => void call('stations.remove', { name: s.name }).then(() => stations.reload()).catch(() => undefined)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
