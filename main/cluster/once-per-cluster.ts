import type { App } from '../app';
import type { Worker } from '../workers';
import { childLogger } from '../logging/logger';
import type { ClusterLock } from './cluster-lock';

const log = childLogger({ module: 'cluster-jobs' });

/** One app's run of a once-per-cluster job: holding its lock and running, or standing by. */
class StandBy {
  private readonly lock: ClusterLock;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  /** Start/stop of the job one at a time (a lost database and a retry may overlap). */
  private turn: Promise<void> = Promise.resolve();
  private readonly onDown = () => void this.serial(() => this.pause('the database cannot be reached'));
  private readonly onLocksLost = () => void this.serial(() => this.pause('its lock connection was lost'));
  private readonly onUp = () => void this.serial(() => this.tryTake());

  constructor(
    private readonly app: App,
    private readonly worker: Worker,
  ) {
    this.lock = app.cluster.lock(worker.name);
  }

  async start(): Promise<void> {
    this.app.cluster.on('down', this.onDown);
    this.app.cluster.on('locks-lost', this.onLocksLost);
    this.app.cluster.on('up', this.onUp);
    await this.serial(() => this.tryTake());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.app.cluster.off('down', this.onDown);
    this.app.cluster.off('locks-lost', this.onLocksLost);
    this.app.cluster.off('up', this.onUp);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.serial(async () => {
      if (this.running) await this.worker.stop(this.app);
      this.running = false;
      await this.lock.release();
    });
  }

  /** Whether this app runs the job now. */
  get holds(): boolean {
    return this.running && this.lock.isHeld;
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.turn = this.turn.then(work).catch((error) => log.error({ err: error, job: this.worker.name }, 'once-per-cluster job failed to start or stop'));
    return this.turn;
  }

  private async tryTake(): Promise<void> {
    if (this.stopped || this.running) return;
    if (await this.lock.acquire()) {
      if (this.stopped) return void (await this.lock.release());
      await this.worker.start(this.app);
      this.running = true;
      log.info({ job: this.worker.name }, 'running this once-per-cluster job here');
      return;
    }
    this.retryLater();
  }

  private async pause(why: string): Promise<void> {
    if (this.running) {
      log.warn({ job: this.worker.name, why }, 'pausing this once-per-cluster job');
      this.running = false;
      await this.worker.stop(this.app);
    }
    await this.lock.release();
    // Down: 'up' takes it again. Lock connection lost: another app may take it meanwhile; try ours soon.
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.app.cluster.databaseReachable) return this.retryLater();
      void this.serial(() => this.tryTake());
    }, this.app.cluster.retryMs);
    this.timer.unref();
  }
}

const runs = new WeakMap<App, Map<string, StandBy>>();

/**
 * A worker that must run once across every app on the database (the sync outbox sender, the
 * autopilot's daily run, tracking refresh, daily backups): it starts only in the app that takes its
 * advisory lock; the others stand by, try again every `retryMs`, and take over when the holder
 * stops or dies (its lock goes with its connection). A site that loses the database pauses it.
 * On SQLite the lock is always held: the job simply runs.
 */
export function oncePerCluster(worker: Worker): Worker {
  return {
    name: worker.name,
    async start(app) {
      const byName = runs.get(app) ?? new Map<string, StandBy>();
      runs.set(app, byName);
      const run = new StandBy(app, worker);
      byName.set(worker.name, run);
      await run.start();
    },
    async stop(app) {
      const run = runs.get(app)?.get(worker.name);
      runs.get(app)?.delete(worker.name);
      await run?.stop();
    },
  };
}

/** Names of the once-per-cluster jobs this app runs now (the others stand by here). */
export function clusterJobsHeld(app: App): string[] {
  return [...(runs.get(app)?.entries() ?? [])].filter(([, run]) => run.holds).map(([name]) => name);
}
