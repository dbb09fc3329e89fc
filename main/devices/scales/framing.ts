/**
 * Splits a serial byte stream into protocol frames. Serial ports deliver arbitrary chunks, so a
 * reply may arrive in pieces or two frames in one read.
 */

export type ScaleProtocol = 'nci' | 'mt-sics' | 'continuous';

/** More than this without a frame boundary is noise (wrong baud rate, wrong device), not a reply. */
export const MAX_PENDING_CHARS = 2048;

const STX = '\x02';
const ETX = '\x03';

export class ScaleFramer {
  private pending = '';
  /** Set when the buffer overflowed without a frame; the caller turns it into an error state. */
  overflowed = false;

  constructor(private readonly protocol: ScaleProtocol) {}

  get pendingText(): string {
    return this.pending;
  }

  clear(): void {
    this.pending = '';
    this.overflowed = false;
  }

  push(chunk: Buffer | string): string[] {
    // latin1 keeps every byte as one char, so status bytes with bit 7 set survive intact.
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const frames = this.protocol === 'nci' ? this.takeNci() : this.protocol === 'mt-sics' ? this.takeLines() : this.takeContinuous();
    if (this.pending.length > MAX_PENDING_CHARS) {
      this.pending = '';
      this.overflowed = true;
    }
    return frames;
  }

  private takeNci(): string[] {
    const frames: string[] = [];
    let end = this.pending.indexOf(ETX);
    while (end !== -1) {
      frames.push(this.pending.slice(0, end + 1));
      this.pending = this.pending.slice(end + 1);
      end = this.pending.indexOf(ETX);
    }
    return frames;
  }

  private takeLines(): string[] {
    const frames: string[] = [];
    let end = this.pending.indexOf('\n');
    while (end !== -1) {
      const line = this.pending.slice(0, end).replace(/\r$/, '');
      this.pending = this.pending.slice(end + 1);
      if (line.trim()) frames.push(line);
      end = this.pending.indexOf('\n');
    }
    return frames;
  }

  /** Toledo frames run STX…CR (plus an optional checksum byte); CAS frames are text lines. */
  private takeContinuous(): string[] {
    const frames: string[] = [];
    for (;;) {
      const stx = this.pending.indexOf(STX);
      const newline = this.pending.indexOf('\n');
      if (stx !== -1 && (newline === -1 || stx < newline)) {
        const cr = this.pending.indexOf('\r', stx + 1);
        if (cr === -1) break;
        let end = cr + 1;
        const next = this.pending[end];
        if (next !== undefined && next !== STX && next !== '\n' && next !== '\r') end++;
        frames.push(this.pending.slice(stx, end));
        this.pending = this.pending.slice(end);
        continue;
      }
      if (newline === -1) break;
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      if (line.trim()) frames.push(line);
    }
    return frames;
  }
}
