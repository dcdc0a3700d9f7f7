import { join, resolve } from "node:path";
import { isPostgresUrl } from "@edgeseg/db";
import { AppError, type AuthLimits } from "@edgeseg/protocol";
import { z } from "zod";
import type { SecureCookieSetting } from "./auth/cookie-security.ts";

/** What the dashboard reads from its environment, validated once at start-up. */
export interface DashboardEnv {
  /** Absolute `file:` URL of the hub's SQLite database, or its PostgreSQL URL. */
  databaseUrl: string;
  /** The hub's data directory (model uploads go to its artifacts/); null when only DATABASE_URL is set. */
  dataDir: string | null;
  /** How long a log-in lasts. */
  sessionTtlMs: number;
  /** Session cookie Secure: "auto" (over https or off loopback; lib/auth/cookie-security.ts), or forced. */
  secureCookies: SecureCookieSetting;
  /** Log-in rate limits: failures per client address and per e-mail, concurrent password checks. */
  loginLimits: AuthLimits;
  /** The hub's HTTP base URL as agents reach it, shown in enrolment instructions; null if unset. */
  hubUrl: string | null;
}

const schema = z.object({
  EDGESEG_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  EDGESEG_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  EDGESEG_SECURE_COOKIES: z
    .enum(["auto", "0", "1", "true", "false"])
    .transform((v) => (v === "auto" ? "auto" : v === "1" || v === "true"))
    .default("auto"),
  EDGESEG_LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(20),
  EDGESEG_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000_000).default(5),
  EDGESEG_LOGIN_MAX_CHECKS: z.coerce.number().int().min(1).max(64).default(2),
  EDGESEG_HUB_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Parses the environment (create-t3-turbo style): a bad value stops the process with a message
 * naming the variable. The database comes from EDGESEG_DATA_DIR (the hub's data directory, whose
 * database is `<dir>/edgeseg.db`) or from DATABASE_URL; the data directory wins when both are set,
 * except over a PostgreSQL DATABASE_URL (the hub's --database-url), where it only locates artifacts.
 */
export function loadEnv(env: Record<string, string | undefined> = process.env): DashboardEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new AppError("USAGE", `${name}=${JSON.stringify(env[name])} is invalid: ${issue?.message}`);
  }
  const { EDGESEG_DATA_DIR: dataDir, DATABASE_URL: url } = parsed.data;
  if (dataDir === undefined && url === undefined) {
    throw new AppError(
      "USAGE",
      "neither EDGESEG_DATA_DIR nor DATABASE_URL is set: point EDGESEG_DATA_DIR at the hub's data directory (the one holding edgeseg.db)",
    );
  }
  return {
    databaseUrl:
      dataDir !== undefined && !isPostgresUrl(url ?? "")
        ? `file:${join(resolve(dataDir), "edgeseg.db")}`
        : url!,
    dataDir: dataDir === undefined ? null : resolve(dataDir),
    sessionTtlMs: parsed.data.EDGESEG_SESSION_HOURS * 3_600_000,
    secureCookies: parsed.data.EDGESEG_SECURE_COOKIES,
    loginLimits: {
      authFailuresPerAddress: parsed.data.EDGESEG_LOGIN_FAILURES_PER_ADDRESS,
      authFailuresPerIdentity: parsed.data.EDGESEG_LOGIN_FAILURES_PER_ACCOUNT,
      maxAuthChecks: parsed.data.EDGESEG_LOGIN_MAX_CHECKS,
    },
    hubUrl: parsed.data.EDGESEG_HUB_URL ?? null,
  };
}
