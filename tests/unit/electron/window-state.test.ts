import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Rectangle } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadWindowState, trackWindowState, WINDOW_STATE_FILE } from '../../../main/electron/window-state';

/** A stand-in for Electron's BrowserWindow: bounds, maximised/minimised flags and its events. */
class StandInWindow extends EventEmitter {
  bounds: Rectangle = { x: 100, y: 80, width: 1400, height: 900 };
  maximized = false;
  minimized = false;
  getNormalBounds = () => ({ ...this.bounds });
  isMaximized = () => this.maximized;
  isMinimized = () => this.minimized;
  isFullScreen = () => false;
  moveTo(x: number, y: number) {
    this.bounds = { ...this.bounds, x, y };
    this.emit('move');
  }
}

const LAPTOP: Rectangle = { x: 0, y: 0, width: 1920, height: 1050 };
const RIGHT_MONITOR: Rectangle = { x: 1920, y: 0, width: 2560, height: 1400 };
const DEFAULTS = { width: 1400, height: 900 };

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'window-state-'));
  file = path.join(dir, 'userData', WINDOW_STATE_FILE);
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('window size and position', () => {
  it('opens with the defaults the first time, and with the saved bounds after a move (saved once per burst of moves)', () => {
    vi.useFakeTimers();
    expect(loadWindowState(file, [LAPTOP], DEFAULTS)).toEqual({ ...DEFAULTS, maximized: false });
    const win = new StandInWindow();
    trackWindowState(win, file, 500);
    for (let x = 200; x <= 400; x += 10) win.moveTo(x, 120);
    expect(existsSync(file)).toBe(false);
    vi.advanceTimersByTime(500);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 400, y: 120, width: 1400, height: 900 }, maximized: false });
    expect(loadWindowState(file, [LAPTOP], DEFAULTS)).toEqual({ x: 400, y: 120, width: 1400, height: 900, maximized: false });
  });

  it('saves at once on close; a maximised window reopens maximised with its normal bounds to return to', () => {
    const win = new StandInWindow();
    trackWindowState(win, file, 60_000);
    win.moveTo(2100, 50);
    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(loadWindowState(file, [LAPTOP, RIGHT_MONITOR], DEFAULTS)).toEqual({ x: 2100, y: 50, width: 1400, height: 900, maximized: true });
  });

  it('a minimised window keeps its last normal state', () => {
    const win = new StandInWindow();
    const tracker = trackWindowState(win, file);
    tracker.flush();
    win.minimized = true;
    win.bounds = { x: -32000, y: -32000, width: 160, height: 28 }; // what Windows reports for a minimised window
    win.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8')).bounds).toEqual({ x: 100, y: 80, width: 1400, height: 900 });
  });

  it('a position on a display that is gone is dropped: the size is kept (fitted to the screen) and the OS centres the window', () => {
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ bounds: { x: 2500, y: 100, width: 2400, height: 1300 }, maximized: false }));
    expect(loadWindowState(path.join(dir, 'state.json'), [RIGHT_MONITOR, LAPTOP], DEFAULTS)).toEqual({ x: 2500, y: 100, width: 2400, height: 1300, maximized: false });
    expect(loadWindowState(path.join(dir, 'state.json'), [LAPTOP], DEFAULTS)).toEqual({ width: 1920, height: 1050, maximized: false });
    // Title bar above the top of the screen: not grabbable, so not used.
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ bounds: { x: 100, y: -500, width: 1400, height: 900 }, maximized: false }));
    expect(loadWindowState(path.join(dir, 'state.json'), [LAPTOP], DEFAULTS)).toEqual({ width: 1400, height: 900, maximized: false });
  });

  it('a damaged or tampered file gives the defaults', () => {
    for (const content of ['{"bounds":', '{"bounds":{"x":0,"y":0,"width":5,"height":5},"maximized":false}', '[]']) {
      writeFileSync(path.join(dir, 'state.json'), content);
      expect(loadWindowState(path.join(dir, 'state.json'), [LAPTOP], DEFAULTS)).toEqual({ ...DEFAULTS, maximized: false });
    }
  });
});
