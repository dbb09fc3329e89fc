import { useState } from 'react';
import type { PrintJobDto, PrintJobState } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { JobPreview, JobStatePill } from './device-ui';

const time = (iso: string | null) => (iso ? iso.slice(11, 19) : '—');

/** Settings → Print queue: live jobs and history with retry, cancel, reprint and preview. */
export function PrintQueuePanel() {
  const [state, setState] = useState<PrintJobState | ''>('');
  const jobs = useQuery('printJobs.list', { state: state || undefined, limit: 100 }, ['print.']);
  const [preview, setPreview] = useState<number>();
  const act = (fn: () => Promise<unknown>) => void fn().then(() => jobs.reload()).catch(() => undefined);
  const actions = (job: PrintJobDto) => (
    <>
      {(job.state === 'failed' || job.state === 'cancelled') && <button onClick={() => act(() => call('printJobs.retry', { id: job.id }))}>Retry</button>}
      {job.state === 'queued' && (
        <button className="danger" onClick={() => act(() => call('printJobs.cancel', { id: job.id }))}>
          Cancel
        </button>
      )}
      {job.state !== 'queued' && job.state !== 'sending' && (
        <button className="secondary" onClick={() => act(() => call('printJobs.reprint', { id: job.id }))}>
          Reprint
        </button>
      )}
      {job.hasPreview && (
        <button className="secondary" onClick={() => setPreview(job.id)}>
          Preview
        </button>
      )}
    </>
  );
  return (
    <div className="panel" data-testid="panel-print-queue">
      <h2>Print queue</h2>
      <div className="row">
        <select aria-label="Job state" value={state} onChange={(e) => setState(e.target.value as PrintJobState | '')}>
          <option value="">All jobs</option>
          {(['queued', 'sending', 'done', 'failed', 'cancelled'] as const).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="muted">Jobs are stored before they are sent, retried while a printer is offline, and kept as history for reprints.</span>
      </div>
      <div className="scroll-box">
        <table className="table">
          <thead>
            <tr>
              <th className="num">Job</th>
              <th>Printer</th>
              <th>What</th>
              <th>State</th>
              <th className="num">Attempts</th>
              <th>Queued</th>
              <th>Sent</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.data?.map((job) => (
              <tr key={job.id} data-testid={`print-job-${job.id}`}>
                <td className="num">{job.id}</td>
                <td>{job.printer}</td>
                <td>
                  {job.kind.replace('_', ' ')}
                  {job.reference ? ` · ${job.reference}` : ''}
                  {job.copyOf ? ` (reprint of ${job.copyOf})` : ''}
                </td>
                <td data-testid={`print-job-state-${job.id}`}>
                  <JobStatePill state={job.state} />
                </td>
                <td className="num">{job.attempts}</td>
                <td>{time(job.createdAt)}</td>
                <td>{time(job.sentAt)}</td>
                <td className="error wrap">{job.error ?? ''}</td>
                <td className="row">{actions(job)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {jobs.data?.length === 0 && <p className="muted">Nothing printed yet.</p>}
      </div>
      {preview !== undefined && <JobPreview jobId={preview} />}
    </div>
  );
}
