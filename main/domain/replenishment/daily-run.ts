import type { Clock } from '../../clock';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import { ForecastingService } from '../forecasting/forecast-service';
import type { ReplenishmentAutopilot } from './autopilot';
import { SingleFlightTimer } from '../../util/single-flight-timer';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'replenishment' });

const CHECK_EVERY_MS = 60_000;
/** Products whose stored forecast is refreshed per step after the daily run (the event loop is free between steps). */
const FORECAST_REFRESH_STEP = 500;
/** After start-up the first run waits this long, so opening the app stays quick. */
export const STARTUP_GRACE_MS = 2 * 60_000;

/**
 * The autopilot's daily run: a background worker of the desktop app and the station server. Every
 * minute it asks the app's clock (tests move it) whether today's shop day has had its daily run,
 * and runs it if not (when the owner keeps the daily run on). It never throws: a failed run is
 * logged and tried again at the next check, and the app carries on.
 */
export class DailyReplenishment {
  private startedAt: number | null = null;
  private readonly timer = new SingleFlightTimer<boolean>(CHECK_EVERY_MS, () => void this.checkNow());

  constructor(
    private readonly core: Core,
    private readonly autopilot: ReplenishmentAutopilot,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.timer.start()) this.startedAt = this.clock.now().getTime();
  }

  async stop(): Promise<void> {
    this.startedAt = null;
    await this.timer.stop();
  }

  /** Whether today's daily run is due: on, past the start-up grace, and not yet run this shop day. */
  async isDue(): Promise<boolean> {
    if (!(await this.autopilot.settings()).dailyRun) return false;
    if (this.startedAt !== null && this.clock.now().getTime() < this.startedAt + STARTUP_GRACE_MS) return false;
    const today = (await shopCalendar(this.core)).today();
    const { store } = this.core;
    const ran = await store.get(store.kysely.selectFrom('replenishment_run').select('id').where('shop_day', '=', today).where('trigger', '=', 'daily').where('finished_at', 'is not', null).limit(1));
    return ran === undefined;
  }

  /** Runs today's daily run if due; true when it ran. */
  async checkNow(): Promise<boolean> {
    if (this.timer.inFlight) return this.timer.inFlight;
    let due: boolean;
    try {
      due = await this.isDue();
    } catch (error) {
      log.error({ err: error }, 'replenishment check failed');
      return Promise.resolve(false);
    }
    if (!due) return Promise.resolve(false);
    return this.timer.run(() =>
      this.autopilot
        .run({ trigger: 'daily', actor: 'autopilot', transport: 'worker' })
        .then(() => this.refreshStoredForecasts())
        .then(() => true)
        .catch((error: Error) => {
          log.error({ err: error }, 'daily replenishment run failed');
          return false;
        }),
    );
  }

  /**
   * The product page and `shipshape forecast` read the stored forecast of the day; the daily run
   * refreshes them after planning, in steps with the event loop free in between, so the app stays
   * responsive on a large catalogue.
   */
  private async refreshStoredForecasts(): Promise<void> {
    const forecasting = new ForecastingService(this.core);
    const { store } = this.core;
    const ids = (await store.all(store.kysely.selectFrom('product').select('id').where('active', '=', 1).orderBy('id'))).map((r) => r.id);
    for (let i = 0; i < ids.length; i += FORECAST_REFRESH_STEP) {
      if (!store.open) return;
      await forecasting.refresh(ids.slice(i, i + FORECAST_REFRESH_STEP));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
