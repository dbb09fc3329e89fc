/**
 * Tells a barcode scanner from a person typing. A scanner in keyboard-wedge mode "types" the
 * whole code within a few milliseconds per key and ends with Enter; people need 80 ms or more
 * per key. Pure and DOM-free so it is easy to reason about.
 */
export class ScanDetector {
  private times: number[] = [];

  constructor(
    private readonly maxGapMs = 45,
    private readonly minLength = 4,
  ) {}

  /** Call on every printable key press in the field. */
  key(now: number): void {
    const last = this.times.at(-1);
    // A long pause starts a new burst: only the keys after it can be a scan.
    if (last !== undefined && now - last > 250) this.times = [];
    this.times.push(now);
  }

  /** Call on Enter: true when the text since the last pause arrived at scanner speed. */
  enter(now: number): boolean {
    const times = [...this.times, now];
    this.times = [];
    if (times.length - 1 < this.minLength) return false;
    let total = 0;
    for (let i = 1; i < times.length; i++) total += times[i] - times[i - 1];
    return total / (times.length - 1) <= this.maxGapMs;
  }

  reset(): void {
    this.times = [];
  }
}
