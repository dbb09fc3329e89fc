import { useCallback, useEffect, useRef, useState } from 'react';
import type { PackSessionDto } from '../../../../../shared/api/fulfilment';
import type { ScaleReadingEvent } from '../../../../../shared/api/devices';
import { call } from '../../../bridge';
import { useEvents } from '../../../hooks';

/**
 * The station scale's live reading, and the weighing it drives: once every item is verified, a
 * stable reading that differs from the weight on record is taken by itself (the server keeps a
 * supervisor's override through these re-weighings). `weigh` also serves the "Weigh again" button.
 */
export function useStationScale(scale: string | null, session: PackSessionDto | null, onSession: (s: PackSessionDto) => void, onProblem: (message: string) => void) {
  const [live, setLive] = useState<ScaleReadingEvent | null>(null);
  const weighing = useRef(false);

  useEvents(['scale.reading'], (event) => {
    const e = event.data as ScaleReadingEvent;
    if (scale && e.scale === scale) setLive(e);
  });

  const sessionId = session?.id;
  const weigh = useCallback(async () => {
    if (sessionId === undefined || weighing.current) return;
    weighing.current = true;
    try {
      onSession(await call('packing.weigh', { sessionId }, { shownInline: () => true }));
    } catch (err) {
      onProblem((err as Error).message);
    } finally {
      weighing.current = false;
    }
  }, [sessionId, onSession, onProblem]);

  const ready = session?.status === 'packing' && session.allVerified && scale !== null;
  const measured = session?.weight.measuredG ?? null;
  useEffect(() => {
    const r = live?.reading;
    if (!ready || !r || !r.stable || r.status !== 'ok' || r.grams <= 0 || measured === r.grams) return;
    void weigh();
  }, [live, ready, measured, weigh]);

  return { live, weigh };
}
