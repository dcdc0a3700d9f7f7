import { join, resolve } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

/** What the dashboard reads from its environment, validated once at start-up. */
export interface DashboardEnv {
  /** Absolute `file:` URL of the hub's SQLite database. */
  databaseUrl: string;
  /** How long a log-in lasts. */
  sessionTtlMs: number;
  /** Mark the session cookie Secure (set when the dashboard is served over HTTPS). */
  secureCookies: boolean;
  /** The hub's HTTP base URL as agents reach it, shown in enrolment instructions; null if unset. */
  hubUrl: string | null;
}

const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

const schema = z.object({
  EDGESEG_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  EDGESEG_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  EDGESEG_SECURE_COOKIES: flag.default(false),
  EDGESEG_HUB_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Parses the environment (create-t3-turbo style): a bad value stops the process with a message
 * naming the variable. The database comes from EDGESEG_DATA_DIR (the hub's data directory, whose
 * database is `<dir>/edgeseg.db`) or from DATABASE_URL; the data directory wins when both are set.
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
    databaseUrl: dataDir !== undefined ? `file:${join(resolve(dataDir), "edgeseg.db")}` : url!,
    sessionTtlMs: parsed.data.EDGESEG_SESSION_HOURS * 3_600_000,
    secureCookies: parsed.data.EDGESEG_SECURE_COOKIES,
    hubUrl: parsed.data.EDGESEG_HUB_URL ?? null,
  };
}
