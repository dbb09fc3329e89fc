import { useCallback, useEffect, useRef, useState } from 'react';
import type { PackScanResultDto, PackSessionDto } from '../../../../../shared/api/fulfilment';
import { ApiError, call } from '../../../bridge';
import { useEvents } from '../../../hooks';
import { buzz } from './feedback';

/** Another station holds the scanned order: the packer may take it over (after confirming). */
export interface TakeOverOffer {
  code: string;
  orderNumber: string;
  station: string;
}

/** Refusals are shown big on the station itself; the shell's toast would only repeat them. */
const INLINE = { shownInline: () => true };

/**
 * The packing session of one station and the scan flow around it: scan an order or tote to claim
 * it, then each item (with its lot when asked), loud refusals, and the take-over offer when the
 * scanned order is claimed by another station — or, right after a switch of station, when the
 * station switched from (`cameFrom`) still holds an order. The session is reloaded when the
 * station's claim changes elsewhere (another station took the order over).
 */
export function usePackSession(station: string, cameFrom: string | null = null) {
  const [session, setSession] = useState<PackSessionDto | null>(null);
  const [code, setCode] = useState('');
  const [lot, setLot] = useState('');
  /** The item waiting for its lot: the code scanned (sent again with the lot) and the SKU it named. */
  const [pending, setPending] = useState<{ code: string; sku: string | null } | null>(null);
  const [lotPrompt, setLotPrompt] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [takeOverOffer, setTakeOverOffer] = useState<TakeOverOffer | null>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const lotInput = useRef<HTMLInputElement>(null);

  const focusScan = useCallback(() => setTimeout(() => scanInput.current?.focus(), 0), []);
  const reload = useCallback(() => call('packing.current', { station }).then(setSession), [station]);
  useEffect(() => {
    void reload().then(async () => {
      if (!cameFrom || cameFrom === station) return;
      const left = await call('packing.current', { station: cameFrom });
      if (left) setTakeOverOffer({ code: left.orderNumber, orderNumber: left.orderNumber, station: cameFrom });
    });
    focusScan();
  }, [reload, focusScan, cameFrom, station]);
  useEvents(['packing.changed'], (event) => {
    if ((event.data as { station?: string }).station === station) void reload();
  });

  const fail = useCallback((err: unknown) => {
    setRefusal((err as Error).message);
    buzz();
  }, []);

  /** A refused lot is as loud as a wrong item; being asked for the lot only moves the focus to it. */
  const showScan = (item: string, r: PackScanResultDto) => {
    setSession(r.session);
    setPending(null);
    setLotPrompt(null);
    if (r.ok) {
      setRefusal(null);
      setInfo(r.message);
    } else if (r.needsLot) {
      setRefusal(null);
      setPending({ code: item, sku: r.sku });
      setLotPrompt(r.message);
      setTimeout(() => lotInput.current?.focus(), 0);
      return;
    } else {
      setRefusal(r.message);
      buzz();
    }
    focusScan();
  };

  const submitScan = async () => {
    const value = code.trim();
    setCode('');
    if (!value) return;
    setInfo(null);
    setTakeOverOffer(null);
    try {
      if (!session || session.status !== 'packing') {
        const opened = await call('packing.open', { station, code: value }, INLINE);
        setSession(opened);
        setRefusal(null);
        setInfo(`${opened.orderNumber}: scan each item`);
      } else {
        const lotValue = lot.trim();
        setLot('');
        showScan(value, await call('packing.scanItem', { sessionId: session.id, code: value, ...(lotValue ? { lot: lotValue } : {}) }, INLINE));
        return;
      }
    } catch (err) {
      fail(err);
      const details = err instanceof ApiError ? (err.details as { canTakeOver?: boolean; station?: string; order?: string } | undefined) : undefined;
      if (details?.canTakeOver && details.station) setTakeOverOffer({ code: value, orderNumber: details.order ?? value, station: details.station });
    }
    focusScan();
  };

  /** The lot field: answers the lot prompt, or (typed first) goes with the next item scanned. */
  const submitLot = async () => {
    const value = lot.trim();
    if (!value || !session || !pending) {
      focusScan();
      return;
    }
    setLot('');
    try {
      showScan(pending.code, await call('packing.scanItem', { sessionId: session.id, code: pending.code, lot: value }, INLINE));
    } catch (err) {
      fail(err);
      focusScan();
    }
  };

  const takeOver = async (offer: TakeOverOffer) => {
    setTakeOverOffer(null);
    try {
      const taken = await call('packing.takeOver', { station, code: offer.code }, INLINE);
      setSession(taken);
      setRefusal(null);
      setInfo(`${taken.orderNumber} taken over from ${offer.station}: ${taken.allVerified ? 'every item is verified' : 'scan the remaining items'}`);
    } catch (err) {
      fail(err);
    }
    focusScan();
  };

  const release = async () => {
    if (!session) return;
    await call('packing.release', { sessionId: session.id, reason: 'released at the station' });
    setSession(null);
    focusScan();
  };

  return {
    session,
    setSession,
    code,
    setCode,
    lot,
    setLot,
    pending,
    lotPrompt,
    refusal,
    setRefusal,
    info,
    setInfo,
    takeOverOffer,
    dismissTakeOver: () => setTakeOverOffer(null),
    scanInput,
    lotInput,
    focusScan,
    fail,
    submitScan,
    submitLot,
    takeOver,
    release,
  };
}

export type PackSessionState = ReturnType<typeof usePackSession>;
