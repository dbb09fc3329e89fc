/** The part of Electron's `app` the lifecycle uses (a stand-in in tests). */
export interface LifecycleApp {
  on(event: 'activate' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * How the app lives and ends, per platform convention:
 * - closing the last window quits on Windows and Linux; on macOS the app stays in the Dock and a
 *   click on its icon (`activate`) opens a new window;
 * - whatever ends the app (last window, Cmd+Q, the menu's Quit, log-out) first closes the shop
 *   (stops the workers, checkpoints and closes the database), then quits.
 */
export function wireLifecycle(options: { app: LifecycleApp; platform: NodeJS.Platform; windowCount(): number; openWindow(): void; close(): Promise<void> }): void {
  const { app } = options;
  app.on('activate', () => {
    if (options.windowCount() === 0) options.openWindow();
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });
  let closed = false;
  let closing = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    void options
      .close()
      .catch(() => undefined)
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
