import { ZodError } from 'zod';
import { api, type MethodName, type MethodOutput, type ParsedInput } from '../../shared/api';
import type { MethodSpec, Role } from '../../shared/api/contract';
import { AppError, type ApiErrorBody } from '../../shared/errors';
import type { Services } from '../services';
import { toValidationIssue } from './validation-issues';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'api' });

/** Who is calling and how; handlers use `actor` for the ledger and audit trail. */
export interface CallContext {
  actor: string;
  role: Role;
  transport: 'ipc' | 'http' | 'cli' | 'test';
  services: Services;
}

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;

/**
 * The handlers of every method whose name starts with `P` (e.g. 'stock.'): a domain's file
 * must implement all of its contract methods or the build breaks.
 */
export type DomainHandlers<P extends string> = {
  [K in MethodName as K extends `${P}${string}` ? K : never]: Handler<K>;
};

export type CallResult<T = unknown> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export class Router {
  private readonly handlers = new Map<string, Handler<MethodName>>();

  /** Registers one domain's handlers. A method registered twice is a programming error. */
  register(domainHandlers: Record<string, unknown>): void {
    for (const [name, handler] of Object.entries(domainHandlers)) {
      if (this.handlers.has(name)) throw new Error(`API method "${name}" is registered twice`);
      if (!(name in api)) throw new Error(`API method "${name}" has a handler but no contract entry`);
      this.handlers.set(name, handler as Handler<MethodName>);
    }
  }

  /** Every contract method must have a handler; checked at startup and in tests. */
  missingHandlers(): string[] {
    return Object.keys(api).filter((name) => !this.handlers.has(name));
  }

  isPublic(method: string): boolean {
    return Boolean((api as Record<string, { public?: boolean }>)[method]?.public);
  }

  /**
   * Validates, authorises and runs one call. Never throws; errors come back as
   * `{ code, message, details }` without a stack, whatever the transport.
   */
  async call(method: string, rawInput: unknown, ctx: CallContext): Promise<CallResult> {
    const spec = (api as Record<string, (typeof api)[MethodName]>)[method];
    const handler = this.handlers.get(method);
    if (!spec || !handler) {
      return fail(new AppError('UNKNOWN_METHOD', `Unknown API method "${method}"`, { method }));
    }
    if (!spec.roles.includes(ctx.role) && !spec.public) {
      const refusal = new AppError('FORBIDDEN', `The ${ctx.role} role may not call ${method}`, { method, role: ctx.role });
      await auditCall(method, spec, rawInput, undefined, ctx, refusal);
      return fail(refusal);
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail(validationError(parsed.error, rawInput ?? {}));
    try {
      const data = await handler(parsed.data as never, ctx);
      await auditCall(method, spec, parsed.data, data, ctx);
      return { ok: true, data };
    } catch (err) {
      const error = toAppError(err, method);
      if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED') await auditCall(method, spec, parsed.data, undefined, ctx, error);
      return fail(error);
    }
  }
}

/**
 * Writes the audit row of a call to a method marked with an audit area: after it succeeded, in its
 * own commit (a handler may await I/O, so it cannot share the change's transaction), or when access
 * was refused. Refusals of public methods (a stranger guessing pairing codes) are not written: only
 * authenticated callers can add rows, so strangers cannot make the database grow.
 */
async function auditCall(method: string, spec: MethodSpec, input: unknown, output: unknown, ctx: CallContext, refusal?: AppError): Promise<void> {
  if (!spec.audit || (refusal && spec.public)) return;
  try {
    await ctx.services.audit.recordCall({
      method,
      area: spec.audit,
      input,
      output,
      secretFields: spec.redact,
      caller: { actor: ctx.actor, role: ctx.role, transport: ctx.transport },
      outcome: refusal ? (refusal.code === 'FORBIDDEN' ? 'forbidden' : 'unauthorized') : 'ok',
    });
  } catch (err) {
    // The change is committed: failing the call now would invite a retry that makes it twice.
    log.error({ err, method }, 'could not write the audit row');
  }
}

function fail(err: AppError): CallResult {
  return { ok: false, error: err.toJSON() };
}

/** A VALIDATION error naming the first field; `details.issues` carries every issue with its kind and limits. */
export function validationError(error: ZodError, input?: unknown): AppError {
  const issues = error.issues.map((i) => toValidationIssue(i, input));
  const first = issues[0];
  const where = first?.path ? `field "${first.path}"` : 'input';
  return new AppError('VALIDATION', `Invalid ${where}: ${first?.message ?? 'invalid input'}`, { issues });
}

/** Maps anything thrown by domain code to an AppError; unexpected errors are logged, not leaked. */
export function toAppError(err: unknown, context = ''): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  const code = (err as { code?: string })?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return new AppError('CONFLICT', `The change conflicts with existing data (${code.replace('SQLITE_', '').toLowerCase()})`);
  }
  // PostgreSQL's unique violation (23505), as SQLite's above: a row another request made first, not an internal error.
  if (code === '23505') {
    const constraint = (err as { constraint?: string }).constraint;
    return new AppError('CONFLICT', `The change conflicts with existing data (unique${constraint ? `: ${constraint}` : ''})`);
  }
  log.error({ err, context: context || undefined }, 'internal error');
  return new AppError('INTERNAL', 'Internal error: the operation was not completed. Details are in the application log.');
}
