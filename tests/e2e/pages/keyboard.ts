import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __lastKeydown?: KeyboardEvent;
  }
}

/**
 * Page object for the console's keyboard shortcuts (renderer/src/hooks/useHotkeys.ts): pressing a
 * key with nothing focused, and whether the console took the last key (prevented its default) or
 * left it to the browser.
 */
export class KeyboardPage {
  constructor(readonly page: Page) {}

  /** Call before the first goto: remembers the last keydown so `lastKeyTaken()` can read it. */
  async watchKeys() {
    // Capture phase on window runs first; the event's defaultPrevented is read later, after every
    // listener (the app's included, whenever it subscribed) has seen it.
    await this.page.addInitScript(() => window.addEventListener('keydown', (e) => (window.__lastKeydown = e), true));
  }

  /** Presses a key with the focus on the page itself (no field, button or row focused). */
  async pressOnPage(key: string) {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }

  /** Whether the console handled the last key pressed (a handled shortcut prevents the key's default). */
  async lastKeyTaken(): Promise<{ key: string; taken: boolean }> {
    return this.page.evaluate(() => ({ key: window.__lastKeydown?.key ?? '', taken: window.__lastKeydown?.defaultPrevented ?? false }));
  }

  /** The route after the '#/' (e.g. 'orders/new'). */
  route() {
    return this.page.evaluate(() => window.location.hash.replace(/^#\/?/, ''));
  }
}
