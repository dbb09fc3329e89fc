import { useState } from 'react';
import type { HidDeviceDto, ScaleDto, ScaleProtocol, ScaleReadingEvent } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useEvents, useQuery } from '../../hooks';
import { useToast } from '../../components/Toasts';
import { connectionTone, weightText } from './device-ui';
import { DeviceField, DeviceForm, useDeviceForm, type DeviceFormBase } from './device-form';

interface ScaleForm extends DeviceFormBase {
  protocol: ScaleProtocol;
  port: string;
  baud: string;
}
const EMPTY: ScaleForm = { name: '', protocol: 'nci', port: '', baud: '9600', enabled: true };
const LABELS = { name: 'Name', protocol: 'Protocol', port: 'Port', baud: 'Baud rate' };
const toInput = (form: ScaleForm) => ({ name: form.name, renameFrom: form.renameFrom, protocol: form.protocol, port: form.port, baud: Number(form.baud), enabled: form.enabled });

/** Live readings keyed by scale name: the list loads once, `scale.reading` events keep it moving. */
export function useLiveScales() {
  const scales = useQuery('scales.list', {}, ['devices.']);
  const [live, setLive] = useState<Record<string, ScaleReadingEvent>>({});
  useEvents(['scale.reading'], (event) => {
    const data = event.data as ScaleReadingEvent;
    setLive((all) => ({ ...all, [data.scale]: data }));
  });
  const merged = (s: ScaleDto) => live[s.name] ?? { scale: s.name, connection: s.connection, reading: s.reading, error: s.error };
  return { scales, merged };
}

/** Lists this machine's USB HID devices (POS scales first); choosing one fills the vendor:product id. */
function FindUsbScales({ onPick }: { onPick(usbId: string): void }) {
  const [found, setFound] = useState<HidDeviceDto[] | null>(null);
  return (
    <>
      <button type="button" className="secondary" onClick={() => void call('scales.discoverHid', {}).then(setFound).catch(() => undefined)}>
        Find USB scales
      </button>
      {found && found.length === 0 && <span className="muted">No USB HID devices found: plug the scale in and switch it on.</span>}
      {found && found.length > 0 && (
        <select aria-label="USB devices found" defaultValue="" onChange={(e) => e.target.value && onPick(e.target.value)}>
          <option value="">{found.length} USB device(s)…</option>
          {found.map((d) => (
            <option key={d.usbId} value={d.usbId}>
              {d.usbId} {[d.manufacturer, d.product].filter(Boolean).join(' ')}
              {d.isScale ? ' (scale)' : ''}
            </option>
          ))}
        </select>
      )}
    </>
  );
}

/** Settings → Scales: add/edit serial and USB HID scales, live weight, zero and tare. */
export function ScalesPanel() {
  const { scales, merged } = useLiveScales();
  const notify = useToast();
  const state = useDeviceForm({ kind: 'Scale', empty: EMPTY, labels: LABELS, method: 'scales.upsert', toInput, onSaved: () => void scales.reload() });
  const { form, set, api } = state;
  const command = (name: string, which: 'scales.zero' | 'scales.tare') =>
    void call(which, { name })
      .then((r) => notify(r.ok ? 'success' : 'error', r.ok ? `${name}: ${which === 'scales.zero' ? 'zeroed' : 'tared'}` : `${name}: ${r.message ?? 'refused'}`))
      .catch(() => undefined);
  return (
    <div className="panel" data-testid="panel-scales">
      <h2>Scales</h2>
      <DeviceForm kind="Scale" state={state}>
        <DeviceField label="Name" field="name" api={api}>
          <input aria-label="Scale name" placeholder="Name" value={form.name} onChange={(e) => set('name', e.target.value)} required {...api.fieldProps('name')} />
        </DeviceField>
        <DeviceField label="Protocol" field="protocol" api={api}>
          <select aria-label="Scale protocol" value={form.protocol} onChange={(e) => set('protocol', e.target.value as ScaleProtocol)}>
            <option value="nci">NCI / Weigh-Tronix (SCP-01)</option>
            <option value="mt-sics">Mettler Toledo MT-SICS</option>
            <option value="continuous">Continuous output</option>
            <option value="usb-hid">USB HID postal scale (Dymo, Stamps.com, Mettler PS-USB…)</option>
          </select>
        </DeviceField>
        {form.protocol === 'usb-hid' ? (
          <>
            <DeviceField label="USB id (vendor:product)" field="port" api={api}>
              <input aria-label="USB vendor:product id" placeholder="0922:8003" value={form.port} onChange={(e) => set('port', e.target.value)} required {...api.fieldProps('port')} />
            </DeviceField>
            <FindUsbScales onPick={(usbId) => set('port', usbId)} />
          </>
        ) : (
          <DeviceField label="Serial port" field="port" api={api}>
            <input aria-label="Serial port" placeholder="/dev/ttyUSB0 or COM3" value={form.port} onChange={(e) => set('port', e.target.value)} required {...api.fieldProps('port')} />
          </DeviceField>
        )}
        <DeviceField label="Baud rate" field="baud" api={api}>
          <select aria-label="Baud rate" disabled={form.protocol === 'usb-hid'} value={form.baud} onChange={(e) => set('baud', e.target.value)}>
            {['1200', '2400', '4800', '9600', '19200', '38400', '115200'].map((b) => (
              <option key={b} value={b}>
                {b} baud
              </option>
            ))}
          </select>
        </DeviceField>
      </DeviceForm>
      <table className="table">
        <thead>
          <tr>
            <th>Scale</th>
            <th>Protocol</th>
            <th>Port</th>
            <th>Weight</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {scales.data?.map((s) => {
            const now = merged(s);
            return (
              <tr key={s.id} data-testid={`scale-row-${s.name}`}>
                <td>{s.name}</td>
                <td>{s.protocol}</td>
                <td>
                  {s.port} @ {s.baud}
                </td>
                <td>
                  <span className={`pill weight ${connectionTone(now.connection, now.reading)}`} data-testid={`scale-weight-${s.name}`}>
                    {weightText(now.connection, now.reading, now.error)}
                  </span>
                </td>
                <td className="row">
                  <button className="secondary" onClick={() => command(s.name, 'scales.zero')}>
                    Zero
                  </button>
                  <button className="secondary" onClick={() => command(s.name, 'scales.tare')}>
                    Tare
                  </button>
                  <button className="secondary" onClick={() => state.edit({ renameFrom: s.name, name: s.name, protocol: s.protocol, port: s.port, baud: String(s.baud), enabled: s.enabled })}>
                    Edit
                  </button>
                  <button className="secondary" onClick={() => void call('scales.remove', { name: s.name }).then(() => scales.reload()).catch(() => undefined)}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {scales.data?.length === 0 && <p className="muted">No scales yet. Serial scales (NCI, MT-SICS, continuous output) connect through a serial or USB-serial port.</p>}
    </div>
  );
}
