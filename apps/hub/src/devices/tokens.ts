import { AppError } from "@edgeseg/protocol";
import { MAX_TOKEN_LIFETIME_MS } from "@edgeseg/registry";

const units = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * "90s", "30m", "24h", "7d" → milliseconds, at most 365 days. Enrolment tokens themselves are written
 * by @edgeseg/registry (createEnrollmentToken, revokeEnrollmentToken).
 */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * units[m[2] as keyof typeof units] : Number.NaN;
  if (!(ms > 0 && ms <= MAX_TOKEN_LIFETIME_MS)) {
    throw new AppError(
      "USAGE",
      `${flag} "${text}": expected a duration such as 30m, 24h or 7d (at most 365d)`,
    );
  }
  return ms;
}
