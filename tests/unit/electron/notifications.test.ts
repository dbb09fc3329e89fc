import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { startDesktopNotifications, type NotificationLike } from '../../../main/electron/notifications';
import { tempApp } from '../../helpers/temp-app';

// Electron's Notification stands in (no desktop here); the events, the services and the shop are real.
const shown: { title: string; body: string }[] = [];
class StandInNotification implements NotificationLike {
  private click?: () => void;
  constructor(private readonly options: { title: string; body: string }) {}
  on(_event: 'click', listener: () => void) {
    this.click = listener;
  }
  show() {
    shown.push(this.options);
    lastShown = this;
  }
  clickIt() {
    this.click?.();
  }
}
let lastShown: StandInNotification | undefined;

const MINUTE = 60_000;
const clock = new ManualClock(new Date('2026-11-02T12:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
let notifications: ReturnType<typeof startDesktopNotifications>;
let clicked: string[];
beforeEach(async () => {
  shown.length = 0;
  clicked = [];
  clock.set(new Date('2026-11-02T12:00:00Z'));
  app = await tempApp({ clock });
  notifications = startDesktopNotifications({ app, Notification: StandInNotification, now: () => clock.now().getTime(), quietMs: 30 * MINUTE, onClick: (kind) => clicked.push(kind) });
});
afterEach(async () => {
  notifications.stop();
  await app.cleanup();
});

async function addPrinter(name: string) {
  await app.invoke('printers.upsert', { name, language: 'zpl', uri: 'tcp://127.0.0.1:9' } as never);
  return await app.services.devices.registry.printer(name);
}

describe('OS notifications for exceptions', () => {
  it('a printer going offline is shown once per quiet period, naming the printer; a click brings the app forward', async () => {
    const zebra = await addPrinter('Zebra');
    const label = await addPrinter('Label-2');
    await app.services.devices.registry.setPrinterStatus(zebra.id, 'offline', ['no answer on port 9']);
    expect(shown).toEqual([{ title: 'Printer offline', body: 'Zebra does not answer (no answer on port 9). Labels wait in the print queue.' }]);
    lastShown!.clickIt();
    expect(clicked).toEqual(['printer-offline']);
    // Flapping: back, gone again, another printer — all within 30 minutes: nothing more.
    await app.services.devices.registry.setPrinterStatus(zebra.id, 'ready', []);
    await app.services.devices.registry.setPrinterStatus(zebra.id, 'offline', ['still nothing']);
    await app.services.devices.registry.setPrinterStatus(label.id, 'offline', []);
    expect(shown).toHaveLength(1);
    clock.set(new Date(clock.now().getTime() + 31 * MINUTE));
    await app.services.devices.registry.setPrinterStatus(zebra.id, 'ready', []);
    await app.services.devices.registry.setPrinterStatus(zebra.id, 'offline', []);
    expect(shown.map((n) => n.body)).toEqual([expect.stringContaining('Zebra'), 'Zebra does not answer. Labels wait in the print queue.']);
  });

  it('orders past their promised date and not shipped are announced, once per rise in their number', async () => {
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    const order = await app.invoke('orders.create', {
      customer: { name: 'Ada Lovelace', email: null, phone: null },
      shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
      lines: [{ sku: 'MUG', quantity: 1 }],
      shippingMethod: null,
    } as never);
    expect(order.promisedDate).not.toBeNull();
    await notifications.checkLateOrders();
    expect(shown).toEqual([]);
    clock.set(new Date(`${order.promisedDate}T12:00:00Z`));
    clock.set(new Date(clock.now().getTime() + 24 * 60 * MINUTE));
    await notifications.checkLateOrders();
    expect(shown).toEqual([{ title: 'Orders past their promised date', body: '1 order has not shipped by the date promised to the customer.' }]);
    // The same late order an hour later: not announced again.
    clock.set(new Date(clock.now().getTime() + 60 * MINUTE));
    await notifications.checkLateOrders();
    expect(shown).toHaveLength(1);
  });

  it('a failed backup is shown; other events are not', async () => {
    app.events.publish('stock.changed', {});
    app.events.publish('devices.changed', { printer: 'Zebra', status: 'ready', problems: [] });
    expect(shown).toEqual([]);
    app.events.publish('backup.failed', { reason: 'daily', message: 'The backup folder /mnt/nas is not reachable' });
    expect(shown).toEqual([{ title: 'Backup failed', body: 'The backup folder /mnt/nas is not reachable' }]);
  });
});
