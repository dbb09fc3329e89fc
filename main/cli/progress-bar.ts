import type cliProgress from 'cli-progress';
import type { EventBus } from '../events';
import type { ProgressEvent } from '../../shared/progress';

const WIDTH = 30;

/** One line per running job: label, bar, percent, done/total (or the count alone while the total is unknown). */
export function progressLine(event: Pick<ProgressEvent, 'label' | 'done' | 'total'>): string {
  if (event.total === null) return `${event.label}  ${event.done} …`;
  const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 1;
  const filled = Math.round(fraction * WIDTH);
  return `${event.label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${event.done}/${event.total}`;
}

/**
 * Draws the 'progress' events of this process as bars on a terminal (stderr, so stdout keeps only
 * the command's result). The caller checks for a TTY and --json: piped output and scripts get no bar.
 * Returns a function that stops drawing. cli-progress is loaded here, not at start: most commands never draw.
 */
export async function showProgressBars(events: Pick<EventBus, 'subscribe'>, stream: NodeJS.WriteStream = process.stderr): Promise<() => void> {
  const { MultiBar } = (await import('cli-progress')).default;
  // Made when a job starts and stopped when the last one ends: the stop ends the bar's line, so the
  // command's result printed next starts on a line of its own.
  let bars: cliProgress.MultiBar | null = null;
  const live = new Map<string, cliProgress.SingleBar>();
  const unsubscribe = events.subscribe((appEvent) => {
    if (appEvent.topic !== 'progress') return;
    const event = appEvent.data as ProgressEvent;
    let bar = live.get(event.jobId);
    if (!bar) {
      if (event.finished) return;
      bars ??= new MultiBar({
        stream,
        clearOnComplete: false,
        hideCursor: true,
        format: (_options, params, payload: { event: ProgressEvent }) => progressLine({ ...payload.event, done: params.value }),
      });
      bar = bars.create(event.total ?? 0, event.done, { event });
      live.set(event.jobId, bar);
    }
    bar.setTotal(event.total ?? 0);
    bar.update(event.done, { event });
    if (event.finished) {
      live.delete(event.jobId);
      if (live.size === 0) {
        bars?.stop();
        bars = null;
      }
    }
  });
  return () => {
    unsubscribe();
    bars?.stop();
  };
}
