/**
 * Error codes that cross every boundary (IPC, HTTP, CLI). Only `{ code, message, details }`
 * ever leaves the main process — never a stack trace.
 */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'UNKNOWN_METHOD', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Thrown by domain code for any error a user should see; everything else becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

export const notFound = (what: string, details?: unknown) => new AppError('NOT_FOUND', `${what} not found`, details);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const invalid = (message: string, details?: unknown) => new AppError('VALIDATION', message, details);

/** HTTP status used by the station server for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_METHOD: 404,
  // The shop database cannot be reached (a PostgreSQL site cut off from its server): nothing was
  // done, and the same call may be sent again once it is back.
  UNAVAILABLE: 503,
  INTERNAL: 500,
};
