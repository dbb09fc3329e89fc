/**
 * Progress of long work (imports, exports, batch labels, backups), published by main on the event
 * topic 'progress' and shown as a bar in the console, in the taskbar and on a CLI terminal.
 */
export type ProgressKind = 'product-import' | 'order-import' | 'export' | 'batch-labels' | 'backup';

export interface ProgressEvent {
  /** One job's events share it; a new job has a new id. */
  jobId: string;
  kind: ProgressKind;
  /** What is being done, in words ("Importing products.csv"); may change between phases. */
  label: string;
  /** Units done (rows, orders, labels); never goes down within a label. */
  done: number;
  /** Units in all, when known (an estimate until `finished`); null: unknown yet. */
  total: number | null;
  /** The job's last event. */
  finished?: boolean;
  /** Set on the last event of a job that failed. */
  error?: string;
}

/** Done as a fraction 0…1, or null when the total is unknown. */
export function progressFraction(event: Pick<ProgressEvent, 'done' | 'total' | 'finished'>): number | null {
  if (event.finished) return 1;
  if (event.total === null || event.total <= 0) return null;
  return Math.min(1, Math.max(0, event.done / event.total));
}
