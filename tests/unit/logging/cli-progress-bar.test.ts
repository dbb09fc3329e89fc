import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine, showProgressBars } from '../../../main/cli/progress-bar';
import { systemClock } from '../../../main/clock';
import { EventBus } from '../../../main/events';
import { progressTiming, startProgress } from '../../../main/logging/progress';

/** A terminal stand-in: cli-progress draws on any stream that says it is a TTY. */
function terminal() {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, rows: 40, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true });
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => written };
}

describe('CLI progress bars', () => {
  it('draw a running job with label, percent and rows, and end its line when it finishes', async () => {
    const bus = new EventBus(systemClock);
    const tty = terminal();
    const stop = await showProgressBars(bus, tty.stream);
    progressTiming.intervalMs = 0;
    try {
      const job = startProgress(bus, { kind: 'product-import', label: 'Importing products.csv', total: 4 });
      job.advance(2);
      job.advance(2);
      job.done();
    } finally {
      progressTiming.intervalMs = 100;
      stop();
    }
    expect(tty.text()).toContain('Importing products.csv [');
    expect(tty.text()).toContain('] 100% 4/4');
    expect(tty.text()).toMatch(/100% 4\/4[^\n]*\n/);
  });

  it('shows the count alone while the total is unknown', () => {
    expect(progressLine({ label: 'Importing orders', done: 1200, total: null })).toBe('Importing orders  1200 …');
    expect(progressLine({ label: 'Backup', done: 1, total: 4 })).toMatch(/^Backup \[█{8}░{22}\] 25% 1\/4$/);
  });
});
