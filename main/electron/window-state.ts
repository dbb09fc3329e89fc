import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';

/** The file in the user-data folder. */
export const WINDOW_STATE_FILE = 'window-state.json';

const rectangle = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(200).max(20_000), height: z.number().int().min(150).max(20_000) });
const savedState = z.object({ bounds: rectangle, maximized: z.boolean() });
export type SavedWindowState = z.infer<typeof savedState>;

/** What the window opens with: a position only when the saved one is still on a screen. */
export interface InitialWindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** How much of the window must lie on one display for the saved position to be used (a grabbable strip of title bar). */
const MIN_VISIBLE = { width: 120, height: 40 };

function visibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  // The top edge (the title bar) must be on the display, not only the bottom of the window.
  const height = Math.min(bounds.y + MIN_VISIBLE.height, area.y + area.height) - Math.max(bounds.y, area.y);
  return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height;
}

/**
 * The window's size and position from last time, if the saved position is still on one of the
 * displays' work areas (a monitor unplugged since, a resolution changed): else the saved size,
 * made to fit the largest display, with no position, so the OS centres it. A missing or damaged
 * file gives `defaults`.
 */
export function loadWindowState(file: string, workAreas: Rectangle[], defaults: { width: number; height: number }): InitialWindowState {
  let saved: SavedWindowState;
  try {
    saved = savedState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { ...defaults, maximized: false };
  }
  const { bounds, maximized } = saved;
  if (workAreas.some((area) => visibleOn(bounds, area))) return { ...bounds, maximized };
  const largest = workAreas.reduce<Rectangle | undefined>((a, b) => (!a || b.width * b.height > a.width * a.height ? b : a), undefined);
  return {
    width: largest ? Math.min(bounds.width, largest.width) : bounds.width,
    height: largest ? Math.min(bounds.height, largest.height) : bounds.height,
    maximized,
  };
}

/** The parts of a BrowserWindow this module uses (a stand-in in tests). */
export type TrackedWindow = Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized' | 'isMinimized' | 'isFullScreen'> & {
  on(event: 'move' | 'resize' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
};

/**
 * Saves the window's normal (unmaximised) bounds and whether it is maximised to `file` on move
 * and resize, debounced (a drag fires dozens of events), and at once on close. The normal bounds
 * are what restores it: a maximised window reopens maximised over the same screen, and
 * unmaximises to where it was.
 */
export function trackWindowState(win: TrackedWindow, file: string, debounceMs = 500): { flush(): void; dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    // Minimised or full screen are not states to reopen in; the last normal ones stand.
    if (win.isMinimized() || win.isFullScreen()) return;
    const state: SavedWindowState = { bounds: roundRect(win.getNormalBounds()), maximized: win.isMaximized() };
    mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename: a crash mid-write must not leave a half file (it would be ignored, but the old state would be lost).
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  let disposed = false;
  const guard = (fn: () => void) => () => {
    if (!disposed) fn();
  };
  for (const event of ['move', 'resize', 'maximize', 'unmaximize'] as const) win.on(event, guard(schedule));
  win.on('close', guard(save));
  return {
    flush: save,
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}

function roundRect(r: Rectangle): Rectangle {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}
