import { AppError, type AuthGuard, type AuthLimits, authGuard, type LimitLogger } from "@edgeseg/protocol";

/** An AppError with an HTTP status of its own: 429 when blocked, 503 when the checks are full. */
export class LoginRefused extends AppError {
  constructor(
    readonly status: 429 | 503,
    message: string,
  ) {
    super(status === 429 ? "UNAUTHORIZED" : "RUNTIME", message);
  }
  override get httpStatus(): number {
    return this.status;
  }
}

/** The dashboard's log-in guard: per client address and per e-mail, and a cap on password checks. */
export function loginGuard(limits: AuthLimits, logger: LimitLogger): AuthGuard {
  return authGuard(limits, logger, "login");
}

/**
 * Runs `check` (the password verification) under the guard: a blocked address or account, or a full
 * cap, is refused before any scrypt runs (at N = 2^17 each check takes 128 MiB, and about a second
 * on a busy 2-core machine); a wrong password counts against both, a right one clears the account's
 * count.
 */
export async function limitedLogin<T>(
  guard: AuthGuard,
  address: string,
  email: string,
  check: () => Promise<T | null>,
): Promise<T | null> {
  const account = email.trim().toLowerCase();
  const admission = guard.admit(address, account);
  if (!admission.ok) {
    if (admission.why === "busy") {
      throw new LoginRefused(503, "the dashboard is busy checking other log-ins: try again in a second");
    }
    const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
    throw new LoginRefused(429, `too many failed log-ins: try again in ${seconds} s`);
  }
  try {
    const user = await check();
    if (user === null) guard.failed(address, account);
    else guard.succeeded(account);
    return user;
  } finally {
    admission.release();
  }
}
