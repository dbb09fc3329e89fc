import { EventEmitter } from 'node:events';
import type { AppEvent } from '../shared/api/contract';
import type { EventMap, EventTopic, TypedEvent } from '../shared/events';
import type { Clock } from './clock';

/**
 * In-process publish/subscribe for live screens. The station server forwards every event as
 * server-sent events; Electron forwards them to the window over IPC. Topics and payloads are
 * typed by shared/events.ts (EventMap), which the renderer's useEvents reads too.
 */
/**
 * Carries events to the other app processes on the same database (main/cluster/live-events.ts,
 * PostgreSQL LISTEN/NOTIFY). `send` returns 'after-commit' when it will deliver the event here
 * itself once the caller's transaction commits (nothing when it rolls back), 'now' otherwise.
 */
export interface EventRelay {
  send(event: TypedEvent): 'now' | 'after-commit';
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  private relay: EventRelay | null = null;
  constructor(private readonly clock: Clock) {
    this.emitter.setMaxListeners(0);
  }

  publish<T extends EventTopic>(topic: T, data: EventMap[T]): void {
    const event = { topic, data, at: this.clock.now().toISOString() } as TypedEvent<T>;
    if (this.relay?.send(event as TypedEvent) === 'after-commit') return;
    this.emitLocal(event as TypedEvent);
  }

  /** Installs (or with null removes) the relay to the other processes of a cluster. */
  setRelay(relay: EventRelay | null): void {
    this.relay = relay;
  }

  /**
   * Re-publishes an event another thread published (the order intake worker's), time and all. That
   * thread runs this same code and published it through its own typed bus.
   */
  forward(event: AppEvent): void {
    this.emitLocal(event as TypedEvent);
  }

  /**
   * An event a worker thread of this app published after its work committed (the order intake's):
   * delivered here like forward(), and sent to the other sites of a cluster too, as publish() does.
   */
  forwardFromThread(event: AppEvent): void {
    if (this.relay?.send(event as TypedEvent) === 'after-commit') return;
    this.emitLocal(event as TypedEvent);
  }

  /** An event another site of the cluster published (its unit of work committed there): for screens and caches only. */
  forwardFromCluster(event: AppEvent): void {
    this.emitter.emit('event', event as TypedEvent);
  }

  /** Every event: this process's and, in a cluster, the other sites' (live screens, caches). */
  subscribe(listener: (event: TypedEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /**
   * This process's events only (its own threads' included). For follow-up work — the backorder
   * pass, the stock-feed recompute, queueing stock for the storefronts — which the process whose
   * unit of work caused it does, once: done again on every site of a cluster, it would multiply the
   * database's work by the number of sites (and the storefront feed's events with it).
   */
  subscribeLocal(listener: (event: TypedEvent) => void): () => void {
    this.emitter.on('local', listener);
    return () => this.emitter.off('local', listener);
  }

  private emitLocal(event: TypedEvent): void {
    this.emitter.emit('event', event);
    this.emitter.emit('local', event);
  }
}
