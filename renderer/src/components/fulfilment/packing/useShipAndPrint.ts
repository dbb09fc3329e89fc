import { useCallback, useEffect, useState } from 'react';
import type { PackSessionDto } from '../../../../../shared/api/fulfilment';
import type { RatesDto } from '../../../../../shared/api/shipping';
import { call } from '../../../bridge';
import { useToast } from '../../Toasts';
import { useHotkeys } from '../../../hooks/useHotkeys';

const serviceKey = (o: { carrier: string; service: string } | null | undefined) => (o ? `${o.carrier}/${o.service}` : '');

/**
 * Rates for the parcel once the label is unlocked (box and weight known), the chosen service, and
 * Ship & print — on the button, F9 or Ctrl/⌘+Enter. Pressed while the label is locked, the keys say
 * why (weigh the parcel first, scan all items) instead of doing nothing.
 */
export function useShipAndPrint(
  session: PackSessionDto | null,
  handlers: { onShipped(message: string): void; onRefused(err: unknown): void; onLocked(reason: string): void; after(): void },
) {
  const [rates, setRates] = useState<RatesDto | null>(null);
  const [service, setService] = useState('');
  const [busy, setBusy] = useState(false);
  const notify = useToast();

  const labelUnlocked = session?.labelUnlocked ?? false;
  const sessionId = session?.id;
  const boxCode = session?.box?.code;
  const measured = session?.weight.measuredG;
  useEffect(() => {
    setRates(null);
    if (!labelUnlocked || sessionId === undefined) return;
    void call('packing.rates', { sessionId }).then((r) => {
      setRates(r);
      setService(serviceKey(r.recommended));
    });
  }, [labelUnlocked, sessionId, boxCode, measured]);

  const ship = useCallback(async () => {
    if (!session || session.status !== 'packing') return handlers.onLocked('scan an order first');
    if (!session.labelUnlocked) return handlers.onLocked(session.lockedReason ?? 'the label is locked');
    if (busy) return;
    setBusy(true);
    try {
      const recommended = serviceKey(rates?.recommended);
      const r = await call(
        'packing.ship',
        { sessionId: session.id, service: service || undefined, overrideReason: service && service !== recommended ? 'chosen at the packing station' : undefined },
        { shownInline: () => true },
      );
      handlers.onShipped(`${r.session.orderNumber} shipped ✓ ${r.service} ${r.trackingNumbers.join(', ')} — label printing. Scan the next order.`);
      notify('success', `${r.session.orderNumber} shipped with ${r.service}`);
      setRates(null);
    } catch (err) {
      handlers.onRefused(err);
    } finally {
      setBusy(false);
      handlers.after();
    }
  }, [session, rates, service, busy, notify, handlers]);

  // The scan input has the focus all day: the keys must work from inside it.
  useHotkeys({ F9: () => void ship(), 'mod+Enter': () => void ship() }, { allowInInputs: true });

  return { rates, service, setService, busy, ship };
}
