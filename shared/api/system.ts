import { z } from 'zod';
import { method } from './contract';

export interface SystemInfo {
  name: 'Shipshape';
  version: string;
  /** SQLite: the file. PostgreSQL: the server URL without its password. */
  databasePath: string;
  /** Which engine holds the data, and its version (SQLite library / PostgreSQL server). */
  databaseEngine: 'sqlite' | 'postgres';
  databaseVersion: string;
  schemaVersion: string;
  migrations: number;
  counts: Record<string, number>;
  transport?: string;
  lanMode: boolean;
  /** Where webhook orders are committed: on the order intake thread, or on the thread that serves requests. */
  webhookIntake?: 'intake thread' | 'request thread';
}

export interface StationTokenDto {
  id: number;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A day the shop does not work (or, for `worked`, a public holiday it works anyway). */
export interface ShopClosedDayDto {
  date: string;
  name: string;
  kind: 'public' | 'closed' | 'worked';
}

export interface ShopCalendarSettings {
  /** IANA zone of the shop; default: this computer's zone. */
  timeZone: string;
  /** Orders placed at/after this local time (HH:MM) count as the next business day's; null = no cut-off. */
  orderCutoff: string | null;
  /** Whose public holidays close the shop (ISO country code), and the region's own (state/province code). */
  holidayCountry: string | null;
  holidayRegion: string | null;
  /** Extra days the shop is closed, and public holidays it works anyway (YYYY-MM-DD). */
  closedDays: string[];
  openDays: string[];
}

export interface ShopCalendarDto {
  settings: ShopCalendarSettings;
  /** The date at the shop now. */
  today: string;
  /** Closed days (and public holidays worked anyway) from today for a year. */
  closedDays: ShopClosedDayDto[];
}

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const calendarUpdate = z
  .object({
    timeZone: z.string().trim().min(1).max(64),
    orderCutoff: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM').nullable(),
    holidayCountry: z.string().trim().regex(/^[A-Za-z]{2}$/, 'a two-letter country code').nullable(),
    holidayRegion: z.string().trim().min(1).max(10).nullable(),
    closedDays: z.array(calendarDate).max(1000),
    openDays: z.array(calendarDate).max(1000),
  })
  .partial()
  .strict();
export type ShopCalendarUpdate = z.infer<typeof calendarUpdate>;

export interface DashboardExceptionDto {
  orderId: number;
  number: string;
  status: string;
  /** late: past its promise; stuck: too long in a working state; on_hold: waiting for someone. */
  kind: 'late' | 'stuck' | 'on_hold';
  detail: string;
  since: string;
  promisedDate: string | null;
}

/** The owner's dashboard (Reports): today's work, 30 days of orders and shipping, stock to look at, exceptions. */
export interface DashboardDto {
  today: string;
  orders: { receivedToday: number; dueToday: number; late: number; onHold: number; backordered: number; open: number; shippedToday: number };
  channels: string[];
  /** One entry per shop day, oldest first: orders placed per channel (cancelled ones left out) and their value. */
  ordersPerDay: { date: string; byChannel: Record<string, number>; revenueCents: number }[];
  currency: string;
  /** Outbound parcels labelled in the window, per carrier: delivered, delivered by the promise, postage. */
  shipping: { carrier: string; carrierName: string; shipments: number; delivered: number; onTime: number; costCents: number }[];
  stock: { valueCents: number; currency: string; lowStock: number; outOfStock: number; expiringSoon: number };
  exceptions: DashboardExceptionDto[];
}

/** The shop's locale: how money and counts are written in the console, on packing slips and on purchase orders. */
export interface ShopFormatDto {
  /** BCP 47 language tag, e.g. en-US, de-DE, ja-JP; default en-US. */
  locale: string;
  /** $1,234.56 and 60,243 written in that locale, for the Settings preview. */
  example: string;
}

/** Extra host names the station server answers to (e.g. a reverse proxy's), besides its own addresses. */
export interface StationAccessDto {
  allowedHosts: string[];
}

export const systemApi = {
  /** Version, database path, schema version and row counts: what `shipshape info` prints. */
  'system.info': method<SystemInfo>()(z.object({}).strict(), { description: 'Version, database, schema and counts' }),
  /** Creates a one-time pairing code (valid 10 minutes) that a station exchanges for a token. */
  'auth.createPairingCode': method<{ code: string; expiresAt: string }>()(
    z.object({ name: z.string().trim().min(1).max(60), role: z.enum(['owner', 'packer', 'picker']).default('packer') }).strict(),
    { audit: 'access', description: 'Create a one-time pairing code for a station', roles: ['owner'] },
  ),
  /** Exchanges a pairing code for a station token. The only method callable without a token. */
  'auth.pair': method<{ token: string; name: string; role: 'owner' | 'packer' | 'picker' }>()(
    z.object({ code: z.string().trim().min(4).max(32) }).strict(),
    { audit: 'access', redact: ['code'], description: 'Exchange a pairing code for a station token', public: true },
  ),
  /** The shop calendar: time zone, order cut-off and closed days (delivery promises, due today, carrier days). */
  'calendar.get': method<ShopCalendarDto>()(z.object({}).strict(), { description: 'The shop calendar and its closed days for the next year' }),
  'calendar.update': method<ShopCalendarDto>()(calendarUpdate, { audit: 'settings', description: 'Change the shop calendar', roles: ['owner'] }),
  'calendar.countries': method<{ code: string; name: string; regions: { code: string; name: string }[] }[]>()(z.object({}).strict(), {
    description: 'Countries (and regions) whose public holidays are known',
  }),
  /** The shop's locale for money and numbers (shared/money.ts formats with it everywhere). */
  'shopFormat.get': method<ShopFormatDto>()(z.object({}).strict(), { description: "The shop's locale for money and numbers" }),
  'shopFormat.update': method<ShopFormatDto>()(z.object({ locale: z.string().trim().min(2).max(35) }).strict(), {
    audit: 'settings',
    description: "Change the shop's locale for money and numbers",
    roles: ['owner'],
  }),
  'reports.dashboard': method<DashboardDto>()(z.object({}).strict(), { description: 'Dashboard: today, 30 days of orders and shipping, stock, exceptions', roles: ['owner'] }),
  /**
   * The station server's allowed host names: requests whose Host (or Origin) is neither its own
   * address nor one of these are refused (DNS rebinding, cross-site pages). Owner only.
   */
  'stationAccess.get': method<StationAccessDto>()(z.object({}).strict(), { description: 'Host names the station server answers to', roles: ['owner'] }),
  'stationAccess.update': method<StationAccessDto>()(z.object({ allowedHosts: z.array(z.string().max(300)).max(50) }).strict(), {
    description: 'Set the extra host names the station server answers to (reverse proxies)',
    audit: 'access',
    roles: ['owner'],
  }),
  'auth.listTokens': method<StationTokenDto[]>()(z.object({}).strict(), { description: 'List station tokens', roles: ['owner'] }),
  'auth.revokeToken': method<{ revoked: boolean }>()(z.object({ id: z.number().int().positive() }).strict(), {
    description: 'Revoke a station token',
    audit: 'access',
    roles: ['owner'],
  }),
};
