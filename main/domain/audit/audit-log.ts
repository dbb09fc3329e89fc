import { mapInOrder } from '../../util/in-order';
import type { AuditEntryDto, AuditListInput, AuditPageDto, AuditTransport } from '../../../shared/api/audit';
import type { AuditArea, Role } from '../../../shared/api/contract';
import { invalid } from '../../../shared/errors';
import type { Core } from '../../core';
import { shopCalendar, type ShopCalendar } from '../calendar/shop-calendar';
import { auditDetail, auditTarget } from './audit-detail';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';

/** One change to write to the audit log. */
export interface AuditRecord {
  actor: string;
  role: Role | null;
  transport: AuditTransport;
  area: AuditArea;
  action: string;
  target?: string | null;
  /** `ok`, or the refusal (`forbidden`, `unauthorized`). */
  outcome?: 'ok' | 'forbidden' | 'unauthorized';
  /** Anything JSON-able; secrets are masked and it is cut to 2 KB (audit-detail.ts). */
  detail?: unknown;
  /** Input fields to mask besides those whose names say "secret", "token", "key" ... */
  secretFields?: readonly string[];
}

/**
 * The append-only audit log (table `audit_log`; triggers refuse UPDATE and DELETE). The API router
 * writes a row after every successful call of a method marked with an audit area, and for refused
 * access; code that changes things outside the router writes its own (see README, Security).
 */
export class AuditLog {
  constructor(private readonly core: Core) {}

  /**
   * Writes one row, stamped with the app clock, in its own commit (or inside the caller's
   * transaction, if one is open). The promise resolves once the row is on disk: answer the caller
   * after it.
   */
  async record(entry: AuditRecord): Promise<void> {
    return await this.insert({ ...entry, detailJson: entry.detail === undefined ? null : auditDetail(entry.detail, entry.secretFields).json });
  }

  /**
   * The row for one API call: its input (secrets masked) as the detail, the thing it changed as the
   * target. A settings change that carried a secret (a channel's webhook secret, a postage API key)
   * is filed under `secrets`, so the owner finds every secret change in one place.
   */
  async recordCall(call: {
    method: string;
    area: AuditArea;
    input: unknown;
    output?: unknown;
    secretFields?: readonly string[];
    caller: { actor: string; role: Role; transport: AuditTransport };
    outcome?: 'ok' | 'forbidden' | 'unauthorized';
  }): Promise<void> {
    const detail = auditDetail(call.input, call.secretFields);
    return await this.insert({
      ...call.caller,
      area: detail.hadSecret && call.area === 'settings' ? 'secrets' : call.area,
      action: call.method,
      target: auditTarget(call.input, call.output, call.secretFields),
      outcome: call.outcome,
      detailJson: detail.json,
    });
  }

  /**
   * The row's commit does not wait for the disk; the WAL is synced afterwards on libuv's thread pool
   * (store.syncWal), so the event loop keeps serving stations and webhooks meanwhile (an fsync is
   * ~3 ms here: with a FULL commit each audited call would hold the loop that long). The change
   * itself was committed durably before; the caller is answered once both are on disk.
   */
  private async insert(row: Omit<AuditRecord, 'detail' | 'secretFields'> & { detailJson: string | null }): Promise<void> {
    const { store, clock } = this.core;
    const query = store.kysely.insertInto('audit_log').values({
      at: clock.now().toISOString(),
      actor: row.actor.slice(0, 200),
      role: row.role,
      transport: row.transport,
      area: row.area,
      action: row.action,
      target: row.target?.slice(0, 200) ?? null,
      outcome: row.outcome ?? 'ok',
      detail: row.detailJson,
    });
    await store.txWithoutSync(async () => await store.run(query));
    return store.syncWal();
  }

  /** Newest first, filtered, one page at a time (keyset on (at, id), so deep pages cost what the first does). */
  async list(input: AuditListInput): Promise<AuditPageDto> {
    const { store } = this.core;
    const calendar = await shopCalendar(this.core);
    const limit = input.limit ?? 50;
    let query = store.kysely.selectFrom('audit_log').selectAll();
    if (input.actor) query = input.actor.endsWith(':') ? query.where('actor', '>=', input.actor).where('actor', '<', prefixEnd(input.actor)) : query.where('actor', '=', input.actor);
    if (input.action) query = input.action.endsWith('.') ? query.where('action', '>=', input.action).where('action', '<', prefixEnd(input.action)) : query.where('action', '=', input.action);
    if (input.area) query = query.where('area', '=', input.area);
    if (input.since) query = query.where('at', '>=', (startOfShopDay(calendar, input.since)).toISOString());
    if (input.until) query = query.where('at', '<', (startOfShopDay(calendar, nextDay(input.until))).toISOString());
    if (input.cursor) {
      const [at, id] = parseCursor(input.cursor);
      query = query.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(at, id)));
    }
    const rows = await store.all(query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      entries: await mapInOrder(page, async (r) => ({
        id: r.id,
        at: r.at,
        shopTime: calendar.localDateTime(new Date(r.at)),
        actor: r.actor,
        role: r.role as Role | null,
        transport: r.transport as AuditTransport | null,
        area: r.area as AuditArea | null,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        detail: parseDetail(r.detail),
      })) satisfies AuditEntryDto[],
      nextCursor: rows.length > limit && last ? `${last.at}~${last.id}` : null,
    };
  }
}

/** The smallest string above every string with this prefix: a range the (actor, at) index can serve. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function parseCursor(cursor: string): [string, number] {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~(\d+)$/.exec(cursor);
  if (!m) throw invalid(`Invalid field "cursor": not a cursor from a previous page`, { field: 'cursor' });
  return [m[1], Number(m[2])];
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

function nextDay(day: string): string {
  return formatLocalDate(parseLocalDate(day) + 1);
}

/** The instant the shop's calendar day `day` begins (its local midnight in the shop's time zone). */
export function startOfShopDay(calendar: ShopCalendar, day: string): Date {
  // Noon UTC is on `day` in most zones; zones 12+ hours off UTC need a step to reach it.
  let guess = Date.parse(`${day}T12:00:00Z`);
  for (let i = 0; i < 4; i++) {
    const local = calendar.localDate(new Date(guess));
    if (local === day) return calendar.startOfDay(new Date(guess));
    guess += (local < day ? 1 : -1) * 6 * 3_600_000;
  }
  return new Date(Date.parse(`${day}T00:00:00Z`));
}
