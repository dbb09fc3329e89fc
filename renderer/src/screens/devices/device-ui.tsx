import { useEffect, useState } from 'react';
import type { PrinterDto, PrintJobState, ScaleConnection, ScaleReadingDto } from '../../../../shared/api/devices';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';

/** Small pieces shared by the device panels and the status-bar badges. */

export function svgDataUrl(svg: string): string {
  // The CSP allows data: images but no inline scripts; an <img> never runs script inside an SVG.
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function formatWeight(grams: number): string {
  return Math.abs(grams) >= 1000 ? `${(grams / 1000).toFixed(3)} kg` : `${grams} g`;
}

export function printerStatusText(printer: PrinterDto): string {
  if (!printer.enabled) return 'disabled';
  const { state, problems } = printer.status;
  if (state === 'problem') return problems.join(', ') || 'problem';
  if (state === 'offline') return 'offline';
  return state === 'ready' ? 'ready' : 'not checked yet';
}

export function printerTone(printer: PrinterDto): 'ok' | 'warn' | 'bad' | '' {
  if (!printer.enabled) return '';
  return printer.status.state === 'ready' ? 'ok' : printer.status.state === 'unknown' ? '' : 'bad';
}

export function PrinterStatusPill({ printer }: { printer: PrinterDto }) {
  return (
    <span className={`pill ${printerTone(printer)}`} data-testid={`printer-status-${printer.name}`} title={printer.status.problems.join('\n')}>
      {printerStatusText(printer)}
    </span>
  );
}

const JOB_TONE: Record<PrintJobState, string> = { queued: 'warn', sending: 'warn', done: 'ok', failed: 'bad', cancelled: '' };

export function JobStatePill({ state }: { state: PrintJobState }) {
  return <span className={`pill ${JOB_TONE[state]}`}>{state}</span>;
}

export function connectionTone(connection: ScaleConnection, reading: ScaleReadingDto | null): 'ok' | 'warn' | 'bad' | '' {
  if (connection === 'not_running') return '';
  if (connection !== 'ready') return 'bad';
  if (!reading) return '';
  return reading.status === 'ok' ? 'ok' : reading.status === 'unstable' ? 'warn' : 'bad';
}

export function weightText(connection: ScaleConnection, reading: ScaleReadingDto | null, error: string | null): string {
  if (connection === 'disconnected') return 'disconnected';
  if (connection === 'connecting') return 'connecting…';
  if (!reading) return connection === 'not_running' ? 'not watched by this app' : '—';
  if (reading.status === 'error') return `error: ${reading.message ?? error ?? 'no valid reading'}`;
  if (reading.status === 'overload') return 'overload';
  if (reading.status === 'under_zero') return 'under zero';
  return `${formatWeight(reading.grams)}${reading.stable ? '' : ' (settling)'}`;
}

/** The preview of what a job printed, with its live state. */
export function JobPreview({ jobId }: { jobId: number }) {
  const job = useQuery('printJobs.get', { id: jobId }, ['print.']);
  const [svg, setSvg] = useState<string | null>();
  useEffect(() => {
    let live = true;
    call('printJobs.preview', { id: jobId }).then((p) => live && setSvg(p.svg));
    return () => {
      live = false;
    };
  }, [jobId]);
  return (
    <figure className="print-preview" data-testid="print-preview">
      {svg ? <img src={svgDataUrl(svg)} alt={`Preview of print job ${jobId}`} data-testid="print-preview-image" /> : <span className="muted">No preview</span>}
      <figcaption>
        Job {jobId} {job.data && <JobStatePill state={job.data.state} />} {job.data?.error && <span className="error">{job.data.error}</span>}
      </figcaption>
    </figure>
  );
}
