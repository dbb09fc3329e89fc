import { z } from 'zod';
import { AUDIT_AREAS, method, type AuditArea, type Role } from './contract';

/** How a change reached the app. `webhook` and `worker` are changes that do not go through the API router. */
export const AUDIT_TRANSPORTS = ['ipc', 'http', 'cli', 'test', 'webhook', 'worker'] as const;
export type AuditTransport = (typeof AUDIT_TRANSPORTS)[number];

/** One row of the append-only audit log. */
export interface AuditEntryDto {
  id: number;
  /** UTC instant (ISO) from the app clock. */
  at: string;
  /** The same instant on the shop's wall clock, YYYY-MM-DDTHH:MM (what the viewer shows). */
  shopTime: string;
  /** Who: `owner` (this computer), `station:<name>` (a paired station), `cli`, `webhook:<channel>`, ... */
  actor: string;
  role: Role | null;
  transport: AuditTransport | null;
  area: AuditArea | null;
  /** The API method (`stock.adjust`) or the event (`webhook.secret`). */
  action: string;
  /** What it was done to, e.g. `sku=ABC-1`, `id=12`. */
  target: string | null;
  /** `ok`, or why the app refused (`forbidden`, `unauthorized`): a station trying what its role may not. */
  outcome: string;
  /** The input, secrets redacted and long values cut (at most 2 KB of JSON). */
  detail: unknown;
}

export interface AuditPageDto {
  entries: AuditEntryDto[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const shopDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const auditListInput = z
  .object({
    /** Exact actor (`station:Pack 1`), or a prefix ending in `:` (`station:`). */
    actor: z.string().trim().min(1).max(100).optional(),
    area: z.enum(AUDIT_AREAS).optional(),
    /** Exact method (`stock.adjust`) or a domain prefix ending in `.` (`stock.`). */
    action: z.string().trim().min(1).max(100).optional(),
    /** First and last shop day included (the shop calendar's days, not UTC's). */
    since: shopDate.optional(),
    until: shopDate.optional(),
    cursor: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type AuditListInput = z.input<typeof auditListInput>;

export const auditApi = {
  /** The audit log, newest first, filtered and paged by cursor. Owner only: it names every station and change. */
  'audit.list': method<AuditPageDto>()(auditListInput, { description: 'The audit log of changes, newest first', roles: ['owner'] }),
};
