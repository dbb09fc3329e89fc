import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../../shared/money';
import { progressFraction, type ProgressEvent } from '../../../shared/progress';
import { useEvents } from '../hooks';

/** How long a finished job stays in view: long enough to read "done", longer for an error. */
const SHOWN_AFTER_DONE_MS = 3000;
const SHOWN_AFTER_ERROR_MS = 10000;

/**
 * The jobs in progress in main (imports, exports, batch labels, backups): label, bar, percent and
 * rows done of total (or the count alone while the total is unknown). Mounted once, in the status
 * bar, so it shows on every screen — also for work started from the menu or the CLI of this app.
 */
export function ProgressBar() {
  const [jobs, setJobs] = useState<ProgressEvent[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  useEvents(['progress'], (event) => {
    const job = event.data;
    setJobs((all) => (all.some((j) => j.jobId === job.jobId) ? all.map((j) => (j.jobId === job.jobId ? job : j)) : job.finished ? all : [...all, job]));
    if (job.finished) {
      const timer = setTimeout(() => {
        timers.current.delete(job.jobId);
        setJobs((all) => all.filter((j) => j.jobId !== job.jobId));
      }, job.error ? SHOWN_AFTER_ERROR_MS : SHOWN_AFTER_DONE_MS);
      timers.current.set(job.jobId, timer);
    }
  });
  if (jobs.length === 0) return null;
  return (
    <div className="progress-jobs" data-testid="progress-jobs">
      {jobs.map((job) => {
        const fraction = progressFraction(job);
        const percent = fraction === null ? null : Math.floor(fraction * 100);
        const counts = job.total === null ? formatCount(job.done) : `${formatCount(job.done)} / ${formatCount(job.total)}`;
        return (
          <div key={job.jobId} className={`progress-job${job.error ? ' failed' : ''}`} data-testid="progress-job" data-kind={job.kind} title={job.error ?? job.label}>
            <span className="progress-label">{job.label}</span>
            {/* No value while the total is unknown: the browser draws an indeterminate bar. */}
            <progress max={1} value={fraction ?? undefined} aria-label={job.label} />
            <span className="progress-count" data-testid="progress-count">
              {job.error ? `failed: ${job.error}` : job.finished ? `done · ${counts}` : percent === null ? counts : `${percent}% · ${counts}`}
            </span>
          </div>
        );
      })}
    </div>
  );
}
