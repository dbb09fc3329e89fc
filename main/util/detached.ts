import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'background' });

/**
 * A plain callback (for a timer, an event emitter, a worker's message port) that starts async
 * work and does not wait for it. A failure is logged with `what` instead of becoming an unhandled
 * rejection that would end the process; the work itself decides what else a failure means.
 */
export function detached<A extends unknown[]>(what: string, work: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    work(...args).catch((err: unknown) => log.error({ err }, `${what} failed`));
  };
}
