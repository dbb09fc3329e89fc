import type { BackupReason } from './api/backup';
import type { PrinterState, ScaleReadingEvent } from './api/devices';
import type { BatchProgressEvent } from './api/shipping-batch';
import type { ProgressEvent } from './progress';

/** No payload beyond the topic: the screen reloads what it shows. */
type Nothing = Record<string, never>;

/** One `stockFeed.changed` event: a SKU's new figure and what each channel should now show. */
export interface StockFeedChange {
  sku: string;
  available: number;
  channels: { channelId: number; channel: string; exportQuantity: number }[];
}

/**
 * Every topic main publishes (EventBus.publish) and its payload. Main's publish and the renderer's
 * useEvents are typed from it, so a misspelt topic or a wrong payload is a compile error on both
 * sides. Most payloads only say what changed; a screen reloads through the API.
 */
export interface EventMap {
  'accounting.periods': { id: number };
  'backup.configured': Nothing;
  'backup.started': { reason: BackupReason };
  'backup.completed': { path: string; bytes: number; verified: boolean; removed: string[] };
  'backup.failed': { reason: BackupReason; message: string };
  'calendar.changed': Nothing;
  'catalog.changed': { productId: number } | { imported: number };
  'channels.changed': { id: number };
  /** A printer, scale or packing station was added, changed or (printer) changed its status. */
  'devices.changed': { printer: string; status?: PrinterState; problems?: string[] } | { scale: string } | { station: string };
  'flashSale.changed': { productIds: number[] };
  'forecasting.saved': { products: number };
  /** status: the order's new status (an OrderStatus; the store's rows carry it as text). */
  'orders.changed': { id: number; status?: string };
  'packing.changed': { station: string; orderId: number } | { station: string; sessionId: number };
  'picking.changed': { batches: number[] };
  'print.changed': { printer: string; queued: number; jobIds: number[] } | { jobId: number; printer: string; state: string } | { jobId: number; printerId: number; state: 'sending' };
  /** Long work (imports, exports, batch labels, backups): shared/progress.ts. */
  progress: ProgressEvent;
  'purchasing.bills': { id: number; poId: number };
  'purchasing.changed': { poId: number; kind: string };
  'returns.changed': { id: number };
  'scale.reading': ScaleReadingEvent;
  'shipping.batch': BatchProgressEvent | { batchId: number; voided: boolean };
  'shipping.changed': { key: string } | { box: string } | { rules: number } | { settings: true };
  'shipping.config': Nothing;
  'shipping.shipments': { id: number } | { manifest: number };
  'stationAccess.changed': { allowedHosts: string[] };
  /** Stock moved: a product's (productId), an order's released reservations (orderId), or many at once ({}). */
  /** The background workers (intake thread, devices, sync, backups) have started (`serve` starts them after the first page). */
  'system.workers': Nothing;
  'stock.changed': { productId?: number; orderId?: number };
  'stock.reserved': { productId: number };
  'stockFeed.changed': StockFeedChange;
  /** Channel sync state changed, for one channel or (no channelId) several. */
  'sync.changed': { channelId?: number };
}

export type EventTopic = keyof EventMap;

/** One event as it arrives: the topic tells the payload's type (`if (e.topic === 'orders.changed') e.data.id`). */
export type TypedEvent<T extends EventTopic = EventTopic> = { [K in T]: { topic: K; data: EventMap[K]; at: string } }[T];

/** The area of a topic: 'orders' of 'orders.changed'. */
type TopicArea<T extends string> = T extends `${infer Area}.${string}` ? Area : never;

/** What a screen can listen for: a whole topic, or an area's prefix ('orders.' = every orders.* topic). */
export type EventPrefix = EventTopic | `${TopicArea<EventTopic>}.`;

/** The topics a prefix covers: 'orders.' → 'orders.changed'; 'progress' → 'progress'. */
export type TopicsOf<P extends EventPrefix> = P extends EventTopic ? P : Extract<EventTopic, `${P}${string}`>;

/** Whether an event's topic is covered by one of the prefixes (the same test on both sides). */
export function matchesPrefix(topic: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => topic === p || (p.endsWith('.') && topic.startsWith(p)));
}
