/**
 * Says plainly what the station lacks (a shipping-label printer, a scale) and where to set it up,
 * instead of a label that cannot print or a weight that never arrives.
 */
export function StationDevicesNotice({ station, hasLabelPrinter, hasScale }: { station: string; hasLabelPrinter: boolean; hasScale: boolean }) {
  if (hasLabelPrinter && hasScale) return null;
  const missing = [hasLabelPrinter ? null : 'no shipping-label printer', hasScale ? null : 'no scale'].filter(Boolean).join(' and ');
  return (
    <div className="callout warn row" data-testid="station-devices-notice">
      <span>
        {station} has {missing}
        {hasScale ? '' : ' (weights are typed in grams)'}
        {hasLabelPrinter ? '' : '; labels cannot print until one is assigned'}.
      </span>
      <span className="spacer" />
      <a href="#/settings/station-devices">Set up {station}’s devices</a>
    </div>
  );
}
