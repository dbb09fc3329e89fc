import type { AuditEntryDto, AuditListInput } from '../../shared/api/audit';
import { AUDIT_AREAS, type AuditArea } from '../../shared/api/contract';
import { UsageError, type CliCommand } from './command';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const auditCommands: CliCommand[] = [
  {
    name: 'audit',
    usage: 'audit [--since DATE] [--until DATE] [--actor A] [--area AREA] [--action METHOD] [--limit N] [--json]',
    summary: 'The audit log of changes (stock, orders, shipping, money, settings, secrets, access, devices), newest first',
    options: { since: { type: 'string' }, until: { type: 'string' }, actor: { type: 'string' }, area: { type: 'string' }, action: { type: 'string' }, limit: { type: 'string' } },
    async run({ values }, ctx) {
      for (const field of ['since', 'until'] as const) {
        const v = values[field];
        if (v !== undefined && !(typeof v === 'string' && DATE.test(v))) throw new UsageError(`--${field} must be a date YYYY-MM-DD (a shop day), got "${v}"`);
      }
      if (values.area !== undefined && !AUDIT_AREAS.includes(values.area as AuditArea)) throw new UsageError(`--area must be one of ${AUDIT_AREAS.join(', ')}`);
      const limit = values.limit === undefined ? 200 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError(`--limit must be a whole number from 1 to 100000, got "${values.limit}"`);
      const app = await ctx.openApp();
      const filters: AuditListInput = {
        since: values.since as string | undefined,
        until: values.until as string | undefined,
        actor: values.actor as string | undefined,
        area: values.area as AuditArea | undefined,
        action: values.action as string | undefined,
      };
      const entries: AuditEntryDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await app.invoke('audit.list', { ...filters, cursor, limit: Math.min(500, limit - entries.length) }, { transport: 'cli' });
        entries.push(...page.entries);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && entries.length < limit);
      const human = entries
        .map((e) => `${e.shopTime}  ${e.actor.padEnd(18)} ${(e.transport ?? '').padEnd(7)} ${e.action.padEnd(24)} ${e.target ?? ''}${e.outcome === 'ok' ? '' : `  [${e.outcome}]`}`)
        .join('\n');
      ctx.out(entries, human || 'No audit entries');
    },
  },
];
