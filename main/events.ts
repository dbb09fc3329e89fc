import { EventEmitter } from 'node:events';
import type { AppEvent } from '../shared/api/contract';
import type { EventMap, EventTopic, TypedEvent } from '../shared/events';
import type { Clock } from './clock';

/**
 * In-process publish/subscribe for live screens. The station server forwards every event as
 * server-sent events; Electron forwards them to the window over IPC. Topics and payloads are
 * typed by shared/events.ts (EventMap), which the renderer's useEvents reads too.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor(private readonly clock: Clock) {
    this.emitter.setMaxListeners(0);
  }

  publish<T extends EventTopic>(topic: T, data: EventMap[T]): void {
    const event = { topic, data, at: this.clock.now().toISOString() } as TypedEvent<T>;
    this.emitter.emit('event', event);
  }

  /**
   * Re-publishes an event another thread published (the order intake worker's), time and all. That
   * thread runs this same code and published it through its own typed bus.
   */
  forward(event: AppEvent): void {
    this.emitter.emit('event', event as TypedEvent);
  }

  subscribe(listener: (event: TypedEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
