/**
 * One error type for every edgeseg process. `code` decides the CLI exit code and the HTTP status;
 * `message` is written for the person at the terminal: what was wrong, with which input, what to do.
 */
export const errorCodes = {
  USAGE: { exit: 2, http: 400 },
  INPUT: { exit: 3, http: 422 },
  NOT_FOUND: { exit: 4, http: 404 },
  INTEGRITY: { exit: 5, http: 409 },
  RUNTIME: { exit: 6, http: 500 },
  RUN_FAILED: { exit: 7, http: 500 },
  UNAUTHORIZED: { exit: 8, http: 401 },
  FORBIDDEN: { exit: 9, http: 403 },
  /** The run completed and its result was kept, but it is INVALID (validity.reasons says why). */
  RUN_INVALID: { exit: 10, http: 422 },
  INTERNAL: { exit: 1, http: 500 },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get exitCode(): number {
    return errorCodes[this.code].exit;
  }

  get httpStatus(): number {
    return errorCodes[this.code].http;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
