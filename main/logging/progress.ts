import { AppError } from '../../shared/errors';
import type { ProgressEvent, ProgressKind } from '../../shared/progress';
import type { EventBus } from '../events';
import { childLogger } from './logger';

export type { ProgressEvent, ProgressKind } from '../../shared/progress';

const log = childLogger({ module: 'progress' });

/**
 * At most one event per job every `intervalMs` (≤ 10 a second): a bar needs no more, and SSE
 * clients get no flood. (Tests set 0 to see every step.)
 */
export const progressTiming = { intervalMs: 100 };

export interface ProgressOptions {
  kind: ProgressKind;
  label: string;
  /** Units in all, if known (an estimate is fine: the last event sets it to what was done). */
  total?: number | null;
}

export interface Progress {
  readonly jobId: string;
  /** `n` more units done. */
  advance(n?: number): void;
  /** Absolute position, a better total, or the next phase's label (a new label may start done again at 0). */
  update(patch: { done?: number; total?: number | null; label?: string }): void;
  /** The job finished: done and total become equal (see finish). */
  done(): void;
  /** The job failed: the last event carries the error. */
  fail(error: unknown): void;
}

let jobs = 0;

/**
 * Starts reporting one job's progress on `events` (topic 'progress'). Events are throttled; the
 * first and the last always go out, and a throttled change goes out when its interval ends. The
 * start and the end are logged with the counts.
 */
export function startProgress(events: Pick<EventBus, 'publish'>, options: ProgressOptions): Progress {
  const jobId = `${options.kind}-${Date.now().toString(36)}-${(++jobs).toString(36)}`;
  const state: ProgressEvent = { jobId, kind: options.kind, label: options.label, done: 0, total: options.total ?? null };
  const startedAt = Date.now();
  let lastAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let finished = false;

  const emit = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastAt = Date.now();
    events.publish('progress', { ...state });
  };
  const changed = () => {
    if (finished) return;
    const wait = lastAt + progressTiming.intervalMs - Date.now();
    if (wait <= 0) emit();
    else if (!timer) {
      timer = setTimeout(emit, wait);
      timer.unref?.();
    }
  };
  const finish = (error?: string, refused = false) => {
    if (finished) return;
    finished = true;
    state.finished = true;
    // Finished: what was done is the total (an estimate gives way), or for a job done in one step
    // that counted nothing, the total is what was done.
    if (error === undefined && state.done === 0 && state.total !== null) state.done = state.total;
    else if (error === undefined) state.total = state.done;
    else state.error = error;
    emit();
    const context = { jobId, kind: state.kind, label: state.label, done: state.done, total: state.total, ms: Date.now() - startedAt };
    if (error === undefined) log.info(context, 'job finished');
    // A refusal (bad input, an unknown warehouse) is the user's to fix, not the app's failure.
    else if (refused) log.warn({ ...context, error }, 'job refused');
    else log.error({ ...context, error }, 'job failed');
  };

  log.info({ jobId, kind: state.kind, label: state.label, total: state.total }, 'job started');
  emit();
  return {
    jobId,
    advance(n = 1) {
      state.done += n;
      if (state.total !== null && state.done > state.total) state.total = state.done;
      changed();
    },
    update(patch) {
      if (patch.label !== undefined) state.label = patch.label;
      if (patch.done !== undefined) state.done = patch.done;
      if (patch.total !== undefined) state.total = patch.total;
      // An estimate that fell short grows with the work rather than showing more than 100 %.
      if (state.total !== null && state.done > state.total) state.total = state.done;
      if (patch.label !== undefined) emit();
      else changed();
    },
    done: () => finish(),
    fail: (error) => finish(error instanceof Error ? error.message : String(error), error instanceof AppError && error.code !== 'INTERNAL'),
  };
}

/** Runs `work` with a progress reporter that is finished (or failed) when `work` settles. */
export async function withProgress<T>(events: Pick<EventBus, 'publish'>, options: ProgressOptions, work: (progress: Progress) => Promise<T> | T): Promise<T> {
  const progress = startProgress(events, options);
  try {
    const result = await work(progress);
    progress.done();
    return result;
  } catch (error) {
    progress.fail(error);
    throw error;
  }
}

/** Items handled between two yields to the event loop in inChunks (tests set 1 to see every step). */
export const chunking = { size: 500 };

/**
 * Synchronous work over a list already read (one consistent snapshot), `chunking.size` items at a
 * time: after each chunk the progress moves to the items done of the total and the event loop runs,
 * so a window or station sees the bar move instead of one jump at the end.
 */
export async function inChunks<T>(items: readonly T[], progress: Progress, each: (item: T, index: number) => void, size = chunking.size): Promise<void> {
  progress.update({ total: items.length });
  for (let from = 0; from < items.length; from += size) {
    const to = Math.min(items.length, from + size);
    for (let i = from; i < to; i++) each(items[i], i);
    progress.update({ done: to });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
