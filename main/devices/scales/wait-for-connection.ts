import type { EventEmitter } from 'node:events';

/**
 * Resolves true as soon as a scale driver is connected (its 'state' event), false after the
 * timeout: the serial and the USB HID drivers wait the same way.
 */
export function waitForConnection(driver: EventEmitter & { isConnected(): boolean }, timeoutMs: number): Promise<boolean> {
  if (driver.isConnected()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onState = () => {
      if (!driver.isConnected()) return;
      cleanup();
      resolve(true);
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve(false);
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      driver.off('state', onState);
    };
    driver.on('state', onState);
  });
}
