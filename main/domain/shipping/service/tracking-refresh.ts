import { detached } from '../../../util/detached';
import type { Core } from '../../../core';
import type { BoughtLabel, PostageAccount } from './postage';
import type { TrackingService } from './tracking';
import { childLogger } from '../../../logging/logger';

const logger = childLogger({ module: 'tracking-refresh' });

/** How often the worker asks the provider about parcels on their way (setting-free: carriers scan a few times a day). */
export const TRACKING_REFRESH_EVERY_MS = 30 * 60_000;
/** Parcels asked about per pass, those heard from longest ago first (a bound on one pass's calls). */
const PER_PASS = 200;

export interface RefreshReport {
  checked: number;
  /** Shipments whose state changed. */
  changed: number;
  errors: { shipmentId: number; message: string }[];
}

/**
 * Live tracking: every parcel whose postage was bought through the account and that is neither
 * delivered, returned nor voided is asked about at its provider (EasyPost's trackers) through
 * TrackingService.refreshFrom — the same scans path as CSV imports and typed-in updates, so a
 * delivery moves the order to delivered and joins the on-time record. Labels not bought there
 * (reference-only or own-fleet) are not known to any provider and are left to imports.
 */
export class TrackingRefresher {
  private timer: NodeJS.Timeout | null = null;
  private firstPass: NodeJS.Timeout | null = null;
  private running: Promise<RefreshReport> | null = null;

  constructor(
    private readonly core: Core,
    private readonly tracking: TrackingService,
    private readonly postage: PostageAccount,
  ) {}

  /** One pass. A provider error for one shipment is reported and the pass goes on. */
  async refreshOpen(actor = 'tracking'): Promise<RefreshReport> {
    const { store } = this.core;
    const rows = await store.all(
      store.kysely
        .selectFrom('shipment as s')
        .innerJoin('shipment_package as p', 'p.shipment_id', 's.id')
        .select(['s.id', 's.status', (eb) => eb.fn.min('p.postage_ref').as('ref')])
        .where('s.status', 'not in', ['delivered', 'returned', 'voided'])
        .where('p.postage_ref', 'is not', null)
        .groupBy(['s.id', 's.status', 's.last_event_at'])
        .orderBy('s.last_event_at')
        .orderBy('s.id')
        .limit(PER_PASS),
    );
    const report: RefreshReport = { checked: 0, changed: 0, errors: [] };
    for (const row of rows) {
      report.checked++;
      try {
        const adapter = await this.postage.adapterForRef(JSON.parse(row.ref as string) as BoughtLabel['ref']);
        const after = await this.tracking.refreshFrom(adapter, row.id, actor);
        if (after.status !== row.status) report.changed++;
      } catch (error) {
        report.errors.push({ shipmentId: row.id, message: (error as Error).message });
      }
    }
    return report;
  }

  /** Starts the periodic refresh (the background worker); a pass never overlaps the previous one. */
  start(everyMs = TRACKING_REFRESH_EVERY_MS): void {
    if (this.timer) return;
    // The worker never crashes the app: a pass that fails, or shipments the provider could not
    // answer for, are logged and the next pass tries again.
    const log = (what: string) => logger.warn(what);
    const tick = async () => {
      try {
        if (this.running || !await this.postage.settings()) return;
        this.running = this.refreshOpen().finally(() => (this.running = null));
        this.running.then(
          (r) => r.errors.length > 0 && log(`${r.errors.length} of ${r.checked} shipments not refreshed (first: shipment ${r.errors[0].shipmentId}: ${r.errors[0].message})`),
          (error: unknown) => log(String(error)),
        );
      } catch (error) {
        log(String(error));
      }
    };
    this.timer = setInterval(detached('tracking-refresh timer', tick), everyMs);
    this.timer.unref();
    // The first pass a minute after start: an app just opened catches up without slowing its start.
    this.firstPass = setTimeout(detached('tracking-refresh timer', tick), 60_000);
    this.firstPass.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // An app closed within its first minute must not start a pass on a closed database.
    if (this.firstPass) clearTimeout(this.firstPass);
    this.timer = this.firstPass = null;
    await this.running?.catch(() => undefined);
  }
}
