import { detachedBackground } from '../../util/background-work';
import type { Core } from '../../core';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'webhooks' });

/**
 * Bounds on what webhook senders can make us store. Anyone on the internet can post to a webhook
 * address, so the log must not grow with what they send: every field is truncated, each channel
 * writes at most `rowsPerChannelPerMinute` rows a minute (the rest are counted in memory and
 * written as one summary row), and the table keeps at most `maxRows` rows and `maxDays` days.
 */
/** 24 hours: webhook log retention is a duration, not a count of the shop's days. */
const RETENTION_DAY_MS = 24 * 60 * 60 * 1000;

export const WEBHOOK_LOG_LIMITS = {
  rowsPerChannelPerMinute: 20,
  maxRows: 10_000,
  maxDays: 30,
  topicChars: 100,
  messageChars: 500,
  remoteChars: 64,
  /** Pruning runs on the first write and then every this many writes: a cheap keyed delete. */
  pruneEvery: 100,
} as const;

export interface WebhookLogEntry {
  channelId: number;
  topic: string | null;
  outcome: string;
  httpStatus: number;
  message: string;
  remote: string | null;
}

interface ChannelWindow {
  /** Start of the minute being counted (ms). */
  start: number;
  written: number;
  suppressed: Map<string, number>;
  lastStatus: number;
}

const MINUTE = 60_000;

function clip(value: string | null, max: number): string | null {
  if (value === null) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The webhook log's writer: bounded fields, a per-channel rate limit, capped size. */
export class WebhookLog {
  private readonly windows = new Map<number, ChannelWindow>();
  private writesUntilPrune = 0;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly core: Core) {}

  async record(entry: WebhookLogEntry): Promise<void> {
    const now = this.core.clock.now().getTime();
    const minute = now - (now % MINUTE);
    let window = this.windows.get(entry.channelId);
    if (!window || window.start !== minute) {
      if (window) await this.writeSummary(entry.channelId, window);
      window = { start: minute, written: 0, suppressed: new Map(), lastStatus: entry.httpStatus };
      this.windows.set(entry.channelId, window);
    }
    if (window.written >= WEBHOOK_LOG_LIMITS.rowsPerChannelPerMinute) {
      window.suppressed.set(entry.outcome, (window.suppressed.get(entry.outcome) ?? 0) + 1);
      window.lastStatus = entry.httpStatus;
      this.scheduleFlush();
      return;
    }
    window.written++;
    await this.insert(new Date(now).toISOString(), entry.channelId, clip(entry.topic, WEBHOOK_LOG_LIMITS.topicChars), entry.outcome, entry.httpStatus, clip(entry.message, WEBHOOK_LOG_LIMITS.messageChars), clip(entry.remote, WEBHOOK_LOG_LIMITS.remoteChars));
  }

  /** Writes the summary rows now (on a timer while a flood goes on, so the count is not lost). */
  async flush(): Promise<void> {
    for (const [channelId, window] of this.windows) await this.writeSummary(channelId, window);
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(detachedBackground(this.core.store, 'webhook-log timer', async () => {
      this.flushTimer = null;
      if (!this.core.store.open) return;
      try {
        await this.flush();
      } catch (err) {
        log.error({ err }, 'writing the webhook log summary failed');
      }
    }), MINUTE);
    this.flushTimer.unref();
  }

  private async writeSummary(channelId: number, window: ChannelWindow): Promise<void> {
    if (window.suppressed.size === 0) return;
    let total = 0;
    const parts: string[] = [];
    for (const [outcome, n] of window.suppressed) {
      total += n;
      parts.push(`${outcome} ×${n}`);
    }
    window.suppressed = new Map();
    const since = new Date(window.start).toISOString();
    await this.insert(this.core.clock.now().toISOString(), channelId, null, 'suppressed', window.lastStatus, `${total} more attempts in the minute from ${since} were not logged one by one (${parts.join(', ')})`, null);
  }

  private async insert(at: string, channelId: number, topic: string | null, outcome: string, httpStatus: number, message: string | null, remote: string | null): Promise<void> {
    const { store } = this.core;
    // The application log gets the same bounded lines as the table (a flood is one summary line).
    log[httpStatus < 400 ? 'info' : 'warn']({ channelId, topic, outcome, httpStatus, remote, detail: message }, 'webhook');
    await store.run(store.kysely.insertInto('webhook_log').values({ at, channel_id: channelId, topic, outcome, http_status: httpStatus, message, remote }));
    if (this.writesUntilPrune-- <= 0) {
      this.writesUntilPrune = WEBHOOK_LOG_LIMITS.pruneEvery;
      await this.prune();
    }
  }

  /**
   * Keeps the newest maxRows rows of the last maxDays days. The row cap is a key range (ids grow);
   * the day cap scans a table the row cap keeps small, every `pruneEvery` writes.
   */
  async prune(): Promise<void> {
    const { store } = this.core;
    // A retention span, not shop days: a row is kept for maxDays × 24 hours, whatever the shop's calendar.
    const cutoff = new Date(this.core.clock.now().getTime() - WEBHOOK_LOG_LIMITS.maxDays * RETENTION_DAY_MS).toISOString();
    await store.run(store.kysely.deleteFrom('webhook_log').where('at', '<', cutoff));
    const newest = (await store.get(store.kysely.selectFrom('webhook_log').select((eb) => eb.fn.max('id').as('id'))))?.id;
    if (newest != null) await store.run(store.kysely.deleteFrom('webhook_log').where('id', '<=', Number(newest) - WEBHOOK_LOG_LIMITS.maxRows));
  }
}
