import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** The current file, e.g. `<dir>/shipshape.log`; older ones are `shipshape.1.log` (newest) … `shipshape.N.log`. */
  file: string;
  /** Rotate once the current file reaches this many bytes. */
  maxBytes: number;
  /** How many rotated files to keep beside the current one. */
  keep: number;
}

/**
 * A size-rotated append-only file written synchronously, line by line. Why not pino-roll: it runs
 * in a transport worker thread that pino resolves by module name at run time (which a bundle breaks
 * and which costs a thread at start-up), its current file changes name on every roll (so `shipshape
 * logs` could not name one path), and a line queued for a worker can be lost when the process dies —
 * the very moment a log matters. Log lines are few; one write() each is cheap.
 */
export class RotatingFile {
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly options: RotatingFileOptions) {}

  get path(): string {
    return this.options.file;
  }

  write(line: string): void {
    if (this.fd === undefined) this.open();
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    writeSync(this.fd!, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    mkdirSync(path.dirname(this.options.file), { recursive: true });
    // O_APPEND: another process (the CLI beside the app) may write the same file; lines do not overwrite.
    this.fd = openSync(this.options.file, 'a');
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    const { file, keep } = this.options;
    // Another process (the CLI beside the app) may have rolled the file already: then append to its new one.
    const rolledElsewhere = !existsSync(file) || statSync(file).ino !== fstatSync(this.fd!).ino;
    this.close();
    if (rolledElsewhere) return this.open();
    rmSync(rotatedName(file, keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = rotatedName(file, i);
      if (existsSync(from)) renameSync(from, rotatedName(file, i + 1));
    }
    if (keep > 0 && existsSync(file)) renameSync(file, rotatedName(file, 1));
    else rmSync(file, { force: true });
    this.open();
  }
}

/** `shipshape.log` → `shipshape.3.log`. */
export function rotatedName(file: string, n: number): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.${n}${ext}`);
}
