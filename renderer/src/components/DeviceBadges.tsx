import { useQuery } from '../hooks';
import { printerStatusText, printerTone, connectionTone, weightText } from '../screens/devices/device-ui';
import { useLiveScales } from '../screens/devices/ScalesPanel';

/** Status bar: one badge per printer that needs attention, or one "printers ready" badge. */
export function PrinterBadge() {
  const printers = useQuery('printers.list', {}, ['devices.']);
  const enabled = printers.data?.filter((p) => p.enabled) ?? [];
  if (enabled.length === 0) return null;
  const troubled = enabled.filter((p) => printerTone(p) === 'bad');
  if (troubled.length === 0) {
    const unknown = enabled.some((p) => p.status.state === 'unknown');
    return (
      <span className={`badge ${unknown ? '' : 'ok'}`} data-testid="printer-badge">
        {enabled.length === 1 ? `${enabled[0].name}: ${printerStatusText(enabled[0])}` : `Printers: ${enabled.length} ${unknown ? 'configured' : 'ready'}`}
      </span>
    );
  }
  return (
    <>
      {troubled.map((p) => (
        <span key={p.id} className="badge bad" data-testid="printer-badge" title={p.status.problems.join('\n')}>
          {p.name}: {printerStatusText(p)}
        </span>
      ))}
    </>
  );
}

/** Status bar: the live weight (or problem) of each enabled scale. */
export function ScaleBadge() {
  const { scales, merged } = useLiveScales();
  const enabled = scales.data?.filter((s) => s.enabled) ?? [];
  return (
    <>
      {enabled.map((s) => {
        const now = merged(s);
        return (
          <span key={s.id} className={`badge ${connectionTone(now.connection, now.reading)}`} data-testid="scale-badge">
            {s.name}: {weightText(now.connection, now.reading, now.error)}
          </span>
        );
      })}
    </>
  );
}
