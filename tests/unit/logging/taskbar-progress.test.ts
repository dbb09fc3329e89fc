import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/events';
import { systemClock } from '../../../main/clock';
import { startProgress, progressTiming } from '../../../main/logging/progress';
import { wireTaskbarProgress, type ProgressBarWindow } from '../../../main/electron/taskbar-progress';

/** A stand-in for BrowserWindow that records what the taskbar was told. */
function standInWindow() {
  const calls: [number, string | undefined][] = [];
  let destroyed = false;
  const win: ProgressBarWindow = {
    setProgressBar: (value, options) => void calls.push([value, options?.mode]),
    isDestroyed: () => destroyed,
  };
  return { win, calls, destroy: () => (destroyed = true) };
}

describe('taskbar progress', () => {
  it('shows the rows done of a running job and clears when it ends', () => {
    const bus = new EventBus(systemClock);
    const { win, calls } = standInWindow();
    wireTaskbarProgress(bus, win);
    progressTiming.intervalMs = 0;
    try {
      const job = startProgress(bus, { kind: 'product-import', label: 'Importing', total: 200 });
      job.advance(50);
      job.advance(50);
      job.done();
    } finally {
      progressTiming.intervalMs = 100;
    }
    expect(calls).toEqual([
      [0, 'normal'],
      [0.25, 'normal'],
      [0.5, 'normal'],
      [-1, undefined],
    ]);
  });

  it('is indeterminate while a total is unknown, combines jobs, and turns red when the last one fails', () => {
    const bus = new EventBus(systemClock);
    const { win, calls } = standInWindow();
    const stop = wireTaskbarProgress(bus, win);
    progressTiming.intervalMs = 0;
    try {
      const labels = startProgress(bus, { kind: 'batch-labels', label: 'Labels', total: 10 });
      labels.advance(5);
      const backup = startProgress(bus, { kind: 'backup', label: 'Backup' });
      expect(calls.at(-1)).toEqual([2, 'indeterminate']);
      backup.update({ done: 10, total: 30 });
      // (5 + 10) of (10 + 30)
      expect(calls.at(-1)).toEqual([15 / 40, 'normal']);
      labels.done();
      expect(calls.at(-1)).toEqual([10 / 30, 'normal']);
      backup.fail(new Error('disk full'));
      expect(calls.at(-1)).toEqual([1, 'error']);
    } finally {
      progressTiming.intervalMs = 100;
    }
    stop();
    expect(calls.at(-1)).toEqual([-1, undefined]);
  });

  it('leaves a closed window alone', () => {
    const bus = new EventBus(systemClock);
    const { win, calls, destroy } = standInWindow();
    wireTaskbarProgress(bus, win);
    destroy();
    startProgress(bus, { kind: 'export', label: 'Export', total: 3 }).done();
    expect(calls).toEqual([]);
  });
});
