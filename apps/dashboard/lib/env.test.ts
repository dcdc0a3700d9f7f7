import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.ts";

describe("loadEnv", () => {
  it("takes the database from the data directory, which wins over DATABASE_URL", () => {
    expect(loadEnv({ EDGESEG_DATA_DIR: "/var/lib/edgeseg", DATABASE_URL: "file:/other.db" })).toEqual({
      databaseUrl: "file:/var/lib/edgeseg/edgeseg.db",
      dataDir: "/var/lib/edgeseg",
      sessionTtlMs: 12 * 3_600_000,
      secureCookies: "auto",
      loginLimits: { authFailuresPerAddress: 20, authFailuresPerIdentity: 5, maxAuthChecks: 2 },
      hubUrl: null,
    });
    expect(
      loadEnv({
        DATABASE_URL: "file:/x.db",
        EDGESEG_SESSION_HOURS: "1.5",
        EDGESEG_SECURE_COOKIES: "1",
        EDGESEG_HUB_URL: "http://hub.local:8080",
        EDGESEG_LOGIN_FAILURES_PER_ACCOUNT: "3",
      }),
    ).toEqual({
      databaseUrl: "file:/x.db",
      dataDir: null,
      sessionTtlMs: 5_400_000,
      secureCookies: true,
      loginLimits: { authFailuresPerAddress: 20, authFailuresPerIdentity: 3, maxAuthChecks: 2 },
      hubUrl: "http://hub.local:8080",
    });
    expect(loadEnv({ DATABASE_URL: "file:/x.db", EDGESEG_SECURE_COOKIES: "0" }).secureCookies).toBe(false);
  });

  it("takes a PostgreSQL DATABASE_URL over the data directory, which then only locates artifacts", () => {
    const url = "postgresql://dash:pw@db.clinic.local:5432/edgeseg";
    expect(loadEnv({ EDGESEG_DATA_DIR: "/var/lib/edgeseg", DATABASE_URL: url })).toMatchObject({
      databaseUrl: url,
      dataDir: "/var/lib/edgeseg",
    });
  });

  it("names the variable that is missing or wrong", () => {
    expect(() => loadEnv({})).toThrow(/EDGESEG_DATA_DIR nor DATABASE_URL/);
    expect(() => loadEnv({ DATABASE_URL: "file:/x.db", EDGESEG_SESSION_HOURS: "-2" })).toThrow(
      /^EDGESEG_SESSION_HOURS="-2" is invalid/,
    );
    expect(() => loadEnv({ DATABASE_URL: "file:/x.db", EDGESEG_SECURE_COOKIES: "yes" })).toThrow(
      /^EDGESEG_SECURE_COOKIES="yes" is invalid/,
    );
    expect(() => loadEnv({ DATABASE_URL: "file:/x.db", EDGESEG_LOGIN_MAX_CHECKS: "0" })).toThrow(
      /^EDGESEG_LOGIN_MAX_CHECKS="0" is invalid/,
    );
    expect(() => loadEnv({ DATABASE_URL: "file:/x.db", EDGESEG_HUB_URL: "mqtt://hub" })).toThrow(
      /^EDGESEG_HUB_URL="mqtt:\/\/hub" is invalid/,
    );
  });
});
