import type { AppEvent } from '../../shared/api/contract';
import type { OrderCountsDto, OrderStatus } from '../../shared/api/orders';
import type { App } from '../app';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'desktop-notifications' });

/** The part of Electron's Notification used here (a stand-in in tests). */
export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}
export type NotificationClass = new (options: { title: string; body: string }) => NotificationLike;

/** Exceptions worth interrupting someone for; each kind is shown at most once per `quietMs`. */
export type ExceptionKind = 'late-orders' | 'printer-offline' | 'backup-failed';

/** Statuses of orders not yet on their way: a promise date before today means it is missed. */
const NOT_SHIPPED: OrderStatus[] = ['new', 'allocated', 'backordered', 'picking', 'packed', 'on_hold', 'partially_shipped'];

export interface DesktopNotificationOptions {
  app: App;
  Notification: NotificationClass;
  /** Brings the window forward when a notification is clicked. */
  onClick?(kind: ExceptionKind): void;
  /** One notification per kind in this window (default 30 minutes). */
  quietMs?: number;
  /** How often late orders are counted (default 15 minutes; the first count a minute after start, off the start-up path). */
  lateCheckMs?: number;
  now?: () => number;
}

/** "2026-12-07" minus one day, as a calendar date (no time zone involved). */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * OS notifications for exceptions while the app is in the background: orders past their promised
 * date and not shipped, a printer going offline, a failed backup. Listens to the event bus (the
 * same events the screens get); rate-limited per kind so a flapping printer or a busy morning
 * does not bury the desktop. Late orders are counted through the API (`orders.counts` with the
 * shop calendar's yesterday as `promisedTo`, the queue's own "overdue" filter).
 */
export function startDesktopNotifications(options: DesktopNotificationOptions): { checkLateOrders(): Promise<void>; stop(): void } {
  const { app } = options;
  const quietMs = options.quietMs ?? 30 * 60_000;
  const now = options.now ?? Date.now;
  const lastShown = new Map<ExceptionKind, number>();
  let lateNotified = 0;

  const notify = (kind: ExceptionKind, title: string, body: string): boolean => {
    const last = lastShown.get(kind);
    if (last !== undefined && now() - last < quietMs) return false;
    lastShown.set(kind, now());
    try {
      const n = new options.Notification({ title, body });
      n.on('click', () => options.onClick?.(kind));
      n.show();
    } catch (err) {
      log.warn({ err, kind }, 'could not show a notification');
    }
    return true;
  };

  const checkLateOrders = async () => {
    const { today } = await app.invoke('calendar.get', {});
    const counts: OrderCountsDto = await app.invoke('orders.counts', { promisedTo: dayBefore(today) });
    const late = NOT_SHIPPED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    // Told once per rise: the same late orders are not announced again every quarter hour.
    if (late > lateNotified && notify('late-orders', 'Orders past their promised date', `${late} ${late === 1 ? 'order has' : 'orders have'} not shipped by the date promised to the customer.`)) {
      lateNotified = late;
    }
    if (late < lateNotified) lateNotified = late;
  };
  const checkSoon = () => void checkLateOrders().catch((err) => log.warn({ err }, 'could not count late orders'));

  const onEvent = (event: AppEvent) => {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.topic === 'devices.changed' && typeof data.printer === 'string' && data.status === 'offline') {
      const problems = Array.isArray(data.problems) && data.problems.length ? ` (${data.problems.join('; ')})` : '';
      notify('printer-offline', 'Printer offline', `${data.printer} does not answer${problems}. Labels wait in the print queue.`);
    } else if (event.topic === 'backup.failed') {
      notify('backup-failed', 'Backup failed', typeof data.message === 'string' ? data.message : 'The last backup did not complete.');
    }
  };
  const unsubscribe = app.events.subscribe(onEvent);
  const timer = setInterval(checkSoon, options.lateCheckMs ?? 15 * 60_000);
  const first = setTimeout(checkSoon, Math.min(60_000, options.lateCheckMs ?? 60_000));
  timer.unref();
  first.unref();
  return {
    checkLateOrders,
    stop() {
      unsubscribe();
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
