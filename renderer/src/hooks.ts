import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api';
import { matchesPrefix, type EventPrefix, type TopicsOf, type TypedEvent } from '../../shared/events';
import { ApiError, call } from './bridge';
import { onDatabaseChange } from './database-status';

/**
 * Loads one API method's result and reloads it whenever an event whose topic starts with one of
 * `topics` arrives (live queues), at most one reload at a time (and, with `liveEveryMs`, at most one
 * per that many ms). Errors surface as toasts through the shell.
 */
export function useQuery<M extends MethodName>(method: M, input: MethodInput<M>, topics: EventPrefix[] = [], options: { liveEveryMs?: number } = {}) {
  const [data, setData] = useState<MethodOutput<M> | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  const seq = useRef(0);
  // Its last load failed because the shop database could not be reached: load again when it is back.
  const waitingForDatabase = useRef(false);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await call(method, JSON.parse(key));
      if (mine === seq.current) {
        setData(result);
        setError(undefined);
      }
    } catch (err) {
      if (mine === seq.current) setError((err as Error).message);
      if (err instanceof ApiError && err.code === 'UNAVAILABLE') waitingForDatabase.current = true;
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [method, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Events are coalesced: while an event's reload is in flight, further events only ask for one
  // more afterwards. A flash sale publishes an event per order; a screen open on it must not send
  // the server a request per order.
  const latestReload = useRef(reload);
  latestReload.current = reload;
  useEffect(
    () =>
      onDatabaseChange((unreachable) => {
        if (unreachable || !waitingForDatabase.current) return;
        waitingForDatabase.current = false;
        void latestReload.current();
      }),
    [],
  );
  const live = useRef({ running: false, pending: false });
  useEvents(topics, () => {
    const state = live.current;
    if (state.running) {
      state.pending = true;
      return;
    }
    state.running = true;
    void (async () => {
      try {
        do {
          state.pending = false;
          await latestReload.current();
          // A heavy screen (the dashboard) asks to be refreshed at most this often.
          if (state.pending && options.liveEveryMs) await new Promise((resolve) => setTimeout(resolve, options.liveEveryMs));
        } while (state.pending);
      } finally {
        state.running = false;
      }
    })();
  });
  return { data, error, loading, reload };
}

/**
 * Subscribes to server events by topic ('packing.changed') or area prefix ('orders.'). Typed by
 * shared/events.ts: a topic nobody publishes does not compile, and the handler's event narrows by
 * its topic (`useEvents(['scale.reading'], (e) => e.data.reading)`).
 */
export function useEvents<P extends EventPrefix>(topics: readonly P[], handler: (event: TypedEvent<TopicsOf<P>>) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const key = topics.join('|');
  useEffect(() => {
    if (!key) return;
    const prefixes = key.split('|');
    return window.shipshape.on((event) => {
      // The wire carries what main published through the same EventMap: the topic vouches for the payload.
      if (matchesPrefix(event.topic, prefixes)) ref.current(event as TypedEvent<TopicsOf<P>>);
    });
  }, [key]);
}

/** Current location hash route, e.g. '#/stock/ABC-1' -> ['stock', 'ABC-1']. */
export function useHashRoute(): [string[], (path: string) => void] {
  const parse = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(parse);
  useEffect(() => {
    const onHash = () => setParts(parse());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [parts, (path: string) => void (window.location.hash = `#/${path}`)];
}
