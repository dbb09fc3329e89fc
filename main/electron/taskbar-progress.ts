import type { AppEvent } from '../../shared/api/contract';
import type { ProgressEvent } from '../../shared/progress';

/** The part of Electron's BrowserWindow this needs (a stand-in in tests). */
export interface ProgressBarWindow {
  setProgressBar(progress: number, options?: { mode: 'none' | 'normal' | 'indeterminate' | 'error' | 'paused' }): void;
  isDestroyed(): boolean;
}

/** How long a failed job's red bar stays in the taskbar before it clears. */
export const ERROR_SHOWN_MS = 5000;

/**
 * Mirrors the jobs in progress (topic 'progress') on the window's taskbar/dock icon: the rows done of
 * all running jobs together; indeterminate while a job's total is unknown; red for a moment when
 * one fails; cleared (-1) when none runs. Calls the window only when what it shows changes.
 * Returns the unsubscribe function.
 */
export function wireTaskbarProgress(events: { subscribe(listener: (event: AppEvent) => void): () => void }, win: ProgressBarWindow): () => void {
  const running = new Map<string, ProgressEvent>();
  let shown = '';
  let errorTimer: NodeJS.Timeout | null = null;

  const show = (value: number, mode: 'none' | 'normal' | 'indeterminate' | 'error') => {
    const key = `${mode} ${value.toFixed(2)}`;
    if (key === shown || win.isDestroyed()) return;
    shown = key;
    if (mode === 'none') win.setProgressBar(-1);
    else win.setProgressBar(value, { mode });
  };
  const render = () => {
    if (running.size === 0) return show(-1, 'none');
    let done = 0;
    let total = 0;
    for (const job of running.values()) {
      if (job.total === null) return show(2, 'indeterminate');
      done += Math.min(job.done, job.total);
      total += job.total;
    }
    show(total > 0 ? done / total : 0, 'normal');
  };

  const unsubscribe = events.subscribe((appEvent) => {
    if (appEvent.topic !== 'progress') return;
    const event = appEvent.data as ProgressEvent;
    if (errorTimer) {
      clearTimeout(errorTimer);
      errorTimer = null;
    }
    if (!event.finished) {
      running.set(event.jobId, event);
      return render();
    }
    running.delete(event.jobId);
    if (event.error === undefined || running.size > 0) return render();
    show(1, 'error');
    errorTimer = setTimeout(() => {
      errorTimer = null;
      render();
    }, ERROR_SHOWN_MS);
    errorTimer.unref?.();
  });
  return () => {
    unsubscribe();
    if (errorTimer) clearTimeout(errorTimer);
    if (!win.isDestroyed()) win.setProgressBar(-1);
  };
}
