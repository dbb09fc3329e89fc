import { EventEmitter } from 'node:events';
import type { AppEvent } from '../shared/api/contract';
import type { Clock } from './clock';

/**
 * In-process publish/subscribe for live screens. The station server forwards every event as
 * server-sent events; Electron forwards them to the window over IPC.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor(private readonly clock: Clock) {
    this.emitter.setMaxListeners(0);
  }

  publish(topic: string, data: unknown): void {
    const event: AppEvent = { topic, data, at: this.clock.now().toISOString() };
    this.emitter.emit('event', event);
  }

  /** Re-publishes an event another thread published (the order intake worker's), time and all. */
  forward(event: AppEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
