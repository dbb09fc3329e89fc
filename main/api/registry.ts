import { ZodError } from 'zod';
import { api, type MethodName, type MethodOutput, type ParsedInput } from '../../shared/api';
import type { Role } from '../../shared/api/contract';
import { AppError, type ApiErrorBody } from '../../shared/errors';
import type { Services } from '../services';

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
      return fail(new AppError('FORBIDDEN', `The ${ctx.role} role may not call ${method}`, { method, role: ctx.role }));
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail(validationError(parsed.error));
    try {
      const data = await handler(parsed.data as never, ctx);
      return { ok: true, data };
    } catch (err) {
      return fail(toAppError(err, method));
    }
  }
}

function fail(err: AppError): CallResult {
  return { ok: false, error: err.toJSON() };
}

export function validationError(error: ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
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
  console.error(`[shipshape] internal error${context ? ` in ${context}` : ''}:`, err);
  return new AppError('INTERNAL', 'Internal error: the operation was not completed. Details are in the application log.');
}
