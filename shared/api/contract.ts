import type { z } from 'zod';

/** Who may call a method when a request arrives with a station token. Local callers are owners. */
export type Role = 'owner' | 'packer' | 'picker';
export const ALL_ROLES: readonly Role[] = ['owner', 'packer', 'picker'];

/** What an audited change is about; the audit viewer filters by it. */
export const AUDIT_AREAS = ['stock', 'catalog', 'orders', 'shipping', 'money', 'settings', 'secrets', 'access', 'devices', 'purchasing'] as const;
export type AuditArea = (typeof AUDIT_AREAS)[number];

/** One entry of the API contract: the zod schema of its input, who may call it, and (as a type only) its output. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  roles: readonly Role[];
  /** Public methods need no station token even in LAN mode (only pairing). */
  public?: boolean;
  description: string;
  /**
   * The audit log area of a method that changes something (stock, orders, money, settings, access,
   * ...): the router writes a row for every successful call. `false` says, explicitly, that a
   * method writes nothing worth auditing; a read method leaves it out (tests/unit/audit checks).
   */
  audit?: AuditArea | false;
  /** Input fields that are secrets besides those the name shows (e.g. a pairing code), kept out of the audit log. */
  redact?: readonly string[];
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O;
}

/**
 * Declares a method. Curried so the output type is written explicitly while the input type is
 * inferred from the schema: `method<ProductDto>()(z.object({...}), { description: '...' })`.
 */
export function method<O>() {
  return <I extends z.ZodType>(
    input: I,
    opts: { description: string; roles?: readonly Role[]; public?: boolean; audit?: AuditArea | false; redact?: readonly string[] },
  ): MethodSpec<I, O> => ({ input, roles: opts.roles ?? ALL_ROLES, description: opts.description, public: opts.public, audit: opts.audit, redact: opts.redact });
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** Merges per-domain contracts into one map; a duplicated method name is a programming error. */
export function mergeContracts<T extends Record<string, MethodSpec>[]>(...parts: T): UnionToIntersection<T[number]> {
  const merged: Record<string, MethodSpec> = {};
  for (const part of parts) {
    for (const [name, spec] of Object.entries(part)) {
      if (name in merged) throw new Error(`API contract declares method "${name}" twice`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

/** A server-pushed event (SSE in the browser, IPC in Electron). */
export interface AppEvent {
  topic: string;
  data: unknown;
  at: string;
}
