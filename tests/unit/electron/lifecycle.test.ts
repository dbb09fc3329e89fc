import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { wireLifecycle } from '../../../main/electron/lifecycle';

/** Electron's `app` stands in: events fired by hand; quit() fires will-quit as Electron does. */
class StandInApp extends EventEmitter {
  quits = 0;
  exited = false;
  quit() {
    this.quits++;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

function setUp(platform: NodeJS.Platform) {
  const app = new StandInApp();
  const state = { windows: 1, opened: 0, closes: 0 };
  let finishClose!: () => void;
  wireLifecycle({
    app,
    platform,
    windowCount: () => state.windows,
    openWindow: () => void (state.opened++, state.windows++),
    close: () => new Promise<void>((resolve) => ((state.closes++), (finishClose = resolve))),
  });
  return { app, state, finishClose: () => finishClose() };
}

describe('app lifecycle', () => {
  for (const platform of ['linux', 'win32'] as const) {
    it(`${platform}: closing the last window closes the shop, then quits`, async () => {
      const { app, state, finishClose } = setUp(platform);
      state.windows = 0;
      app.emit('window-all-closed');
      expect(state.closes).toBe(1);
      expect(app.exited).toBe(false); // not before the database is closed
      finishClose();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(app.exited).toBe(true);
      expect(state.closes).toBe(1);
    });
  }

  it('macOS: closing the last window keeps the app; clicking the Dock icon opens a new window; Cmd+Q closes the shop', async () => {
    const { app, state, finishClose } = setUp('darwin');
    app.emit('activate');
    expect(state.opened).toBe(0); // a window is open already
    state.windows = 0;
    app.emit('window-all-closed');
    expect(app.quits).toBe(0);
    app.emit('activate');
    expect(state.opened).toBe(1);
    app.quit();
    app.quit(); // a second Cmd+Q while closing does not close twice
    expect(state.closes).toBe(1);
    finishClose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.exited).toBe(true);
  });
});
