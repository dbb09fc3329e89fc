/**
 * A check that runs every `everyMs` (the timer never keeps the process alive) and work that runs
 * one at a time: asking again while it runs gets the same promise, and stopping waits for it.
 * The daily backup and the autopilot's daily run are both built on it.
 */
export class SingleFlightTimer<T> {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<T> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly onTick: () => void,
  ) {}

  /** Starts the timer; false when it was already running. */
  start(): boolean {
    if (this.timer) return false;
    this.timer = setInterval(this.onTick, this.everyMs);
    this.timer.unref();
    return true;
  }

  /** Stops the timer and waits for the work in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }

  /** The work in progress, or null. */
  get inFlight(): Promise<T> | null {
    return this.current;
  }

  /** Runs the work (which must not reject: it reports its own failures) as the one in progress. */
  run(work: () => Promise<T>): Promise<T> {
    this.current = work().finally(() => (this.current = null));
    return this.current;
  }
}
