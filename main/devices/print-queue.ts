import { detachedBackground } from '../util/background-work';
import { mapInOrder } from '../util/in-order';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { PrintJobDto, PrintJobState } from '../../shared/api/devices';
import { conflict, notFound } from '../../shared/errors';
import type { Core } from '../core';
import type { PrinterRow, PrintJobRow } from '../store/schema';
import { parseDocument, previewSvg, serialiseDocument, type RenderedJob } from './print-documents';
import { PrinterConnectionError, printPdfOnSystemPrinter, sendRaw, SystemPrintError } from './printers';
import type { DeviceRegistry } from './device-registry';
import { childLogger } from '../logging/logger';
import { sql } from 'kysely';
import type { Store } from '../store/store';

const log = childLogger({ module: 'print-queue' });

/**
 * The persisted print queue.
 *
 * - A job is a row before it is a byte: `enqueue` commits the payload, then wakes the sender.
 * - Claiming is one conditional UPDATE: a job moves queued → sending only if it is the oldest
 *   unfinished job of its printer and nobody is sending to that printer. SQLite runs it under
 *   the write lock, so two processes sharing the database (desktop app, station server, CLI)
 *   never send the same job twice, and each printer gets its jobs strictly in id order.
 * - A failed attempt goes back to queued with exponential backoff; the jobs behind it wait
 *   (a bulk batch stays in order). After `maxAttempts`, or on an error no retry can fix, the job
 *   is failed with the reason, and the next one gets its turn.
 * - A job left in `sending` by a process that died mid-send is failed (not resent): the printer
 *   may already have printed it, and a second shipping label is worse than a visible
 *   "reprint if missing".
 */

export interface PrintQueuePolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Bounds one whole send (connect + write + clean close). */
  sendTimeoutMs: number;
  /** How often other processes' jobs (and due retries) are looked for. */
  pollIntervalMs: number;
}

export const DEFAULT_PRINT_QUEUE_POLICY: PrintQueuePolicy = {
  // 0.5 + 1 + 2 + 4 + 8 + 16 + 30 × 5 s ≈ 3 minutes of retrying before a job is failed.
  maxAttempts: 12,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  sendTimeoutMs: 10_000,
  pollIntervalMs: 250,
};

export interface EnqueueMeta {
  kind: string;
  reference?: string | null;
  actor: string;
  copyOf?: number | null;
}

const TERMINAL: readonly PrintJobState[] = ['done', 'failed', 'cancelled'];
const INTERRUPTED = 'Interrupted while sending (the app stopped mid-job); it may or may not have printed: reprint it if it is missing';

type JobListRow = Omit<PrintJobRow, 'payload' | 'document'> & { printer_name: string; bytes: number; has_document: number };

export class PrintQueue {
  readonly policy: PrintQueuePolicy = { ...DEFAULT_PRINT_QUEUE_POLICY };
  /** Who holds a claimed job: host and pid let a restarted process fail its own dead claims at once. */
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Told after every attempt, so printer status can go offline/online without waiting for a poll. */
  onAttempt: ((printer: PrinterRow, error: PrinterConnectionError | Error | null) => Promise<void> | void) | null = null;

  private running = false;
  private only: Set<number> | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private kickPending = false;
  private ticks = 0;
  private readonly lanes = new Map<number, Promise<void>>();

  constructor(
    private readonly core: Core,
    private readonly registry: DeviceRegistry,
  ) {}

  private now(): Date {
    return this.core.clock.now();
  }

  // ---------- queueing ----------

  /** Queues jobs for one printer in the given order, in one transaction. */
  async enqueueAll(printer: PrinterRow, jobs: { rendered: RenderedJob; meta: EnqueueMeta }[]): Promise<number[]> {
    const { store } = this.core;
    const at = this.now().toISOString();
    const ids = await store.tx(async () =>
      await mapInOrder(jobs, 
        async ({ rendered, meta }) =>
          (await store.get(
            store.kysely.insertInto('print_job')
              .values({
                printer_id: printer.id, content_type: rendered.contentType, payload: rendered.payload, document: serialiseDocument(rendered.document),
                document_kind: meta.kind, reference: meta.reference ?? null, copy_of: meta.copyOf ?? null, state: 'queued', attempts: 0,
                next_attempt_at: at, actor: meta.actor, created_at: at, updated_at: at,
              })
              .returning('id'),
          ))!.id,
      ),
    );
    this.core.events.publish('print.changed', { printer: printer.name, queued: ids.length, jobIds: ids });
    this.kick();
    return ids;
  }

  async enqueue(printer: PrinterRow, rendered: RenderedJob, meta: EnqueueMeta): Promise<PrintJobDto> {
    return await this.get((await this.enqueueAll(printer, [{ rendered, meta }]))[0]);
  }

  async list(filter: { printer?: string; state?: PrintJobState; limit: number }): Promise<PrintJobDto[]> {
    const printerId = filter.printer ? (await this.registry.printer(filter.printer)).id : null;
    const rows = await this.core.store.all(
      jobSelect(this.core.store)
        .$if(printerId !== null, (q) => q.where('j.printer_id', '=', printerId!))
        .$if(filter.state !== undefined, (q) => q.where('j.state', '=', filter.state!))
        .orderBy('j.id', 'desc')
        .limit(filter.limit),
    );
    return rows.map(jobToDto);
  }

  async get(id: number): Promise<PrintJobDto> {
    const row = await this.core.store.get(jobSelect(this.core.store).where('j.id', '=', id));
    if (!row) throw notFound(`Print job ${id}`, { id });
    return jobToDto(row);
  }

  async preview(id: number): Promise<{ svg: string | null }> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('print_job').select('document').where('id', '=', id));
    if (!row) throw notFound(`Print job ${id}`, { id });
    return { svg: row.document ? previewSvg(parseDocument(row.document)) : null };
  }

  /** A failed or cancelled job goes back in line (at its original place: ids order a printer's queue). */
  async retry(id: number): Promise<PrintJobDto> {
    const at = this.now().toISOString();
    const { store } = this.core;
    // The answer is the job as the retry left it (queued), read in the retry's own transaction: on
    // PostgreSQL a sender on another connection may pick it up the moment it commits.
    const queued = await store.tx(async () => {
      const changed = await store.all(
        store.kysely.updateTable('print_job')
          .set({ state: 'queued', attempts: 0, last_error: null, next_attempt_at: at, updated_at: at })
          .where('id', '=', id).where('state', 'in', ['failed', 'cancelled'])
          .returning('id'),
      );
      if (!changed.length) throw conflict(`Print job ${id} is ${(await this.get(id)).state}; only failed or cancelled jobs can be retried`);
      return await this.get(id);
    });
    await this.changed(id);
    this.kick();
    return queued;
  }

  async cancel(id: number): Promise<PrintJobDto> {
    const at = this.now().toISOString();
    const { store } = this.core;
    const changed = await store.all(
      store.kysely.updateTable('print_job').set({ state: 'cancelled', updated_at: at }).where('id', '=', id).where('state', '=', 'queued').returning('id'),
    );
    if (!changed.length) {
      const state = (await this.get(id)).state;
      throw conflict(state === 'sending' ? `Print job ${id} is being sent right now and cannot be cancelled` : `Print job ${id} is already ${state}`);
    }
    await this.changed(id);
    return await this.get(id);
  }

  /** A new job with the very bytes of an earlier one (history → reprint), at the end of its printer's queue. */
  async reprint(id: number, actor: string): Promise<PrintJobDto> {
    const { store } = this.core;
    const at = this.now().toISOString();
    const queued = await store.tx(async () => {
      const rows = await store.all(
        store.kysely.insertInto('print_job')
          .columns(['printer_id', 'content_type', 'payload', 'document', 'document_kind', 'reference', 'copy_of', 'state', 'attempts', 'next_attempt_at', 'actor', 'created_at', 'updated_at'])
          .expression(
            store.kysely.selectFrom('print_job')
              .select(['printer_id', 'content_type', 'payload', 'document', 'document_kind', 'reference', 'id'])
              .select([sql.lit('queued').as('state'), sql.lit(0).as('attempts'), sql<string>`${at}`.as('next_attempt_at'), sql<string>`${actor}`.as('actor'), sql<string>`${at}`.as('created_at'), sql<string>`${at}`.as('updated_at')])
              .where('id', '=', id),
          )
          .returning('id'),
      );
      if (!rows.length) throw notFound(`Print job ${id}`, { id });
      return await this.get(rows[0].id); // as the reprint left it (queued), as for a retry
    });
    await this.changed(queued.id);
    this.kick();
    return queued;
  }

  /** Resolves once the job is done, failed or cancelled (or the timeout passes: then its current state). */
  async waitFor(id: number, timeoutMs: number): Promise<PrintJobDto> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.get(id);
      if (TERMINAL.includes(job.state) || Date.now() >= deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async changed(id: number): Promise<void> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('print_job as j').innerJoin('printer as p', 'p.id', 'j.printer_id').select(['j.state', 'p.name as printer']).where('j.id', '=', id));
    if (row) this.core.events.publish('print.changed', { jobId: id, printer: row.printer, state: row.state });
  }

  // ---------- the sender ----------

  /** Starts sending (all printers, or only some: the CLI's `print test --wait`). */
  async start(options: { printerIds?: number[] } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.only = options.printerIds ? new Set(options.printerIds) : null;
    await this.failDeadClaims(true);
    this.pollTimer = setInterval(detachedBackground(this.core.store, 'print queue tick', () => this.tick()), this.policy.pollIntervalMs);
    this.pollTimer.unref?.();
    await this.tick();
  }

  /** Stops claiming and waits for the sends in flight (bounded by sendTimeoutMs), so nothing is left half-sent. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await Promise.all([...this.lanes.values()]);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Wakes the sender now (jobs queued in this process); other processes' jobs are found by polling. */
  kick(): void {
    if (!this.running || this.kickPending) return;
    this.kickPending = true;
    setImmediate(detachedBackground(this.core.store, 'print-queue deferred work', async () => {
      this.kickPending = false;
      await this.tick();
    }));
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    if (++this.ticks % 20 === 0) await this.failDeadClaims(false);
    const { store } = this.core;
    const due = await store.all(
      store.kysely.selectFrom('print_job as j').innerJoin('printer as p', 'p.id', 'j.printer_id')
        .select('j.printer_id').distinct()
        .where('j.state', '=', 'queued').where('j.next_attempt_at', '<=', this.now().toISOString()).where('p.enabled', '=', 1),
    );
    for (const { printer_id: printerId } of due) {
      if (this.lanes.has(printerId) || (this.only && !this.only.has(printerId))) continue;
      const lane = this.runLane(printerId).finally(() => this.lanes.delete(printerId));
      this.lanes.set(printerId, lane);
    }
  }

  /** One printer's jobs, one at a time, oldest first. */
  private async runLane(printerId: number): Promise<void> {
    while (this.running) {
      const job = await this.claim(printerId);
      if (!job) return;
      await this.deliver(job);
    }
  }

  private async claim(printerId: number): Promise<PrintJobRow | undefined> {
    const now = this.now().toISOString();
    // The head of the line is the lowest id still queued or sending; it is claimable only if it
    // is queued and due. One statement, so it is atomic under SQLite's write lock. On PostgreSQL
    // several station servers claim at once: the printer's row is locked for the claim and a
    // claimer that finds it locked skips (claims nothing this time) — skipping the locked *job*
    // instead would make the next job the head and print it out of order, beside the first.
    // Raw SQL: the lock clause exists on PostgreSQL only (skipLocked), inside a nested subquery.
    const row = (await this.core.store.raw<PrintJobRow>(
      `update print_job set state = 'sending', attempts = attempts + 1, claimed_by = ?, claimed_at = ?, updated_at = ?
       where id = (select min(id) from print_job where state in ('queued','sending')
                     and printer_id = (select p.id from printer p where p.id = ?${skipLocked(this.core.store)}))
         and state = 'queued' and next_attempt_at <= ?
       returning *`,
      this.workerId,
      now,
      now,
      printerId,
      now,
    ))[0];
    if (row) this.core.events.publish('print.changed', { jobId: row.id, printerId, state: 'sending' });
    return row;
  }

  private async deliver(job: PrintJobRow): Promise<void> {
    const printer = await this.registry.printerById(job.printer_id);
    if (!printer) return; // removed meanwhile: its jobs went with it
    let failure: Error | null = null;
    try {
      if (job.content_type === 'pdf') {
        if (printer.language !== 'pdf') throw new SystemPrintError(`${printer.name} is not a system printer and cannot print a PDF`, false);
        // The title names the job in the OS queue (and CUPS-PDF's output file).
        await printPdfOnSystemPrinter(printer.uri, job.payload, `shipshape-${job.id}-${job.document_kind}`, this.policy.sendTimeoutMs);
      } else {
        await sendRaw(printer.uri, job.payload, { timeoutMs: this.policy.sendTimeoutMs });
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    const at = this.now();
    const context = { job: job.id, printer: printer.name, document: job.document_kind, attempt: job.attempts };
    if (!failure) {
      await this.finishSending(job.id, { state: 'done', sent_at: at.toISOString(), last_error: null, updated_at: at.toISOString() });
    } else {
      const retryable = failure instanceof PrinterConnectionError || failure instanceof SystemPrintError ? failure.retryable : false;
      if (retryable && job.attempts < this.policy.maxAttempts) {
        const delay = Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** (job.attempts - 1));
        log.warn({ ...context, err: failure, retryInMs: delay }, 'print job failed; will retry');
        await this.finishSending(job.id, { state: 'queued', last_error: failure.message, next_attempt_at: new Date(at.getTime() + delay).toISOString(), updated_at: at.toISOString() });
      } else {
        const reason = retryable ? `Gave up after ${job.attempts} attempts: ${failure.message}` : failure.message;
        log.error({ ...context, err: failure }, 'print job failed');
        await this.finishSending(job.id, { state: 'failed', last_error: reason, updated_at: at.toISOString() });
      }
    }
    await this.changed(job.id);
    try {
      await this.onAttempt?.(printer, failure);
    } catch {
      // Status bookkeeping must never stop the queue.
    }
  }

  /** Ends this worker's send of a job (only while it is still `sending`: a cancel or a dead-claim sweep may have ended it). */
  private async finishSending(id: number, outcome: { state: 'done' | 'queued' | 'failed'; last_error: string | null; updated_at: string; sent_at?: string; next_attempt_at?: string }): Promise<void> {
    const { store } = this.core;
    await store.run(store.kysely.updateTable('print_job').set({ ...outcome, claimed_by: null }).where('id', '=', id).where('state', '=', 'sending'));
  }

  /**
   * Jobs stuck in `sending` whose sender is gone: on this host with a dead pid (found at once), or
   * anywhere once the claim is far older than any send may take.
   */
  private async failDeadClaims(includeOwnHost: boolean): Promise<void> {
    const { store } = this.core;
    const now = this.now();
    const leaseExpired = new Date(now.getTime() - (this.policy.sendTimeoutMs * 3 + 30_000)).toISOString();
    const stuck = await store.all(store.kysely.selectFrom('print_job').select(['id', 'claimed_by', 'claimed_at']).where('state', '=', 'sending'));
    for (const job of stuck) {
      const [host, pid] = (job.claimed_by ?? '').split(':');
      const deadHere = includeOwnHost && host === os.hostname() && job.claimed_by !== null && !job.claimed_by.startsWith(this.workerId) && !processAlive(Number(pid));
      const expired = (job.claimed_at ?? '') < leaseExpired;
      if (!deadHere && !expired) continue;
      const changed = await store.all(
        store.kysely.updateTable('print_job')
          .set({ state: 'failed', last_error: INTERRUPTED, claimed_by: null, updated_at: now.toISOString() })
          .where('id', '=', job.id).where('state', '=', 'sending').where('claimed_by', 'is not distinct from', job.claimed_by)
          .returning('id'),
      );
      if (changed.length) await this.changed(job.id);
    }
  }
}

/**
 * ` for update skip locked` on PostgreSQL, nothing on SQLite (one writer at a time there): for the
 * subquery that picks what a worker claims, so two servers never claim the same thing and neither waits.
 */
export function skipLocked(store: Core['store']): string {
  return store.engine === 'postgres' ? ' for update skip locked' : '';
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A job as lists show it: everything but its bytes and document (their size and presence instead). */
function jobSelect(store: Store) {
  return store.kysely.selectFrom('print_job as j').innerJoin('printer as p', 'p.id', 'j.printer_id').select([
    'j.id', 'j.printer_id', 'j.content_type', 'j.document_kind', 'j.reference', 'j.copy_of', 'j.state', 'j.attempts', 'j.last_error',
    'j.next_attempt_at', 'j.claimed_by', 'j.claimed_at', 'j.actor', 'j.created_at', 'j.sent_at', 'j.updated_at',
    'p.name as printer_name', sql<number>`length(j.payload)`.as('bytes'), sql<number>`j.document is not null`.as('has_document'),
  ]);
}

function jobToDto(row: JobListRow): PrintJobDto {
  return {
    id: row.id,
    printer: row.printer_name,
    state: row.state,
    attempts: row.attempts,
    error: row.last_error,
    kind: row.document_kind,
    reference: row.reference,
    contentType: row.content_type,
    bytes: row.bytes,
    copyOf: row.copy_of,
    hasPreview: row.has_document === 1,
    actor: row.actor,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.state === 'queued' ? row.next_attempt_at : null,
  };
}
