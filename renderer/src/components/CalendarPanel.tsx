import { useEffect, useState } from 'react';
import type { ShopCalendarUpdate } from '../../../shared/api/system';
import { useQuery } from '../hooks';
import { FieldError } from './forms/FieldError';
import { useApiForm } from './forms/useApiForm';
import { useToast } from './Toasts';

/**
 * The shop calendar: its time zone, the order cut-off and the days it is closed (its country's
 * public holidays, plus its own). Delivery promises, "due today" and carrier days all count on it.
 */
export function CalendarPanel() {
  const notify = useToast();
  const calendar = useQuery('calendar.get', {}, ['calendar.']);
  const countries = useQuery('calendar.countries', {});
  const settings = calendar.data?.settings;
  const [zone, setZone] = useState('');
  const [cutoff, setCutoff] = useState('');
  const [closeDay, setCloseDay] = useState('');
  // The time zone and cut-off are refused next to their fields; other refusals go to the toast.
  const form = useApiForm({ timeZone: 'Time zone', orderCutoff: 'Order cut-off' });
  useEffect(() => {
    if (!settings) return;
    setZone(settings.timeZone);
    setCutoff(settings.orderCutoff ?? '');
  }, [settings]);
  if (!settings || !calendar.data) return null;

  const save = async (change: ShopCalendarUpdate, done: string) => {
    if (await form.submit('calendar.update', change)) notify('success', done);
  };
  const country = countries.data?.find((c) => c.code === settings.holidayCountry);
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  return (
    <div className="panel" data-testid="shop-calendar">
      <h2>Shop calendar</h2>
      <p className="muted">
        Today at the shop: <strong data-testid="shop-today">{calendar.data.today}</strong>. Delivery promises count business days on this calendar; an order at
        or after the cut-off counts as the next business day's.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ timeZone: zone.trim(), orderCutoff: cutoff === '' ? null : cutoff }, 'Shop calendar saved');
        }}
      >
        <label>
          Time zone{' '}
          <input aria-label="Time zone" list="time-zones" value={zone} onChange={(e) => (setZone(e.target.value), form.clear('timeZone'))} required {...form.fieldProps('timeZone')} />
          <FieldError form={form} field="timeZone" />
        </label>
        <datalist id="time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <label>
          Order cut-off <input aria-label="Order cut-off" type="time" value={cutoff} onChange={(e) => (setCutoff(e.target.value), form.clear('orderCutoff'))} {...form.fieldProps('orderCutoff')} />
          <FieldError form={form} field="orderCutoff" />
        </label>
        <button type="submit">Save</button>
      </form>
      <div className="row">
        <label>
          Public holidays{' '}
          <select
            aria-label="Holiday country"
            value={settings.holidayCountry ?? ''}
            onChange={(e) => void save({ holidayCountry: e.target.value || null, holidayRegion: null }, e.target.value ? `Public holidays of ${e.target.value}` : 'No public holidays')}
          >
            <option value="">None</option>
            {countries.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </label>
        {country && country.regions.length > 0 && (
          <select aria-label="Holiday region" value={settings.holidayRegion ?? ''} onChange={(e) => void save({ holidayRegion: e.target.value || null }, 'Holiday region saved')}>
            <option value="">Whole country</option>
            {country.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        )}
        <span className="spacer" />
        <input aria-label="Day to close" type="date" value={closeDay} onChange={(e) => setCloseDay(e.target.value)} />
        <button
          className="secondary"
          disabled={!closeDay}
          onClick={() => void save({ closedDays: [...settings.closedDays, closeDay], openDays: settings.openDays.filter((d) => d !== closeDay) }, `Closed on ${closeDay}`).then(() => setCloseDay(''))}
        >
          Close this day
        </button>
      </div>
      <div className="scroll-box">
        <table className="table" data-testid="closed-days">
          <thead>
            <tr>
              <th>Date</th>
              <th>Day</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {calendar.data.closedDays.map((d) => (
              <tr key={`${d.date}-${d.name}`} className={d.kind === 'worked' ? 'muted' : undefined}>
                <td>{d.date}</td>
                <td>{new Date(`${d.date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })}</td>
                <td>{d.kind === 'closed' ? 'Closed by the shop' : d.kind === 'worked' ? `${d.name} (worked)` : d.name}</td>
                <td>
                  {d.kind === 'public' && (
                    <button className="secondary" onClick={() => void save({ openDays: [...settings.openDays, d.date] }, `The shop works on ${d.date}`)}>
                      Work this day
                    </button>
                  )}
                  {d.kind !== 'public' && (
                    <button
                      className="secondary"
                      onClick={() =>
                        void save({ closedDays: settings.closedDays.filter((x) => x !== d.date), openDays: settings.openDays.filter((x) => x !== d.date) }, `${d.date} back to normal`)
                      }
                    >
                      {d.kind === 'closed' ? 'Reopen' : 'Close again'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {calendar.data.closedDays.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No closed days beyond the weekend. Choose the country whose public holidays the shop keeps.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
