import { describe, expect, it } from "vitest";
import { configFromEnv, parseHubConfig } from "./parse.ts";

describe("parseHubConfig", () => {
  it("applies defaults and coerces strings from flags and environment", () => {
    const config = parseHubConfig({ dataDir: "rel/dir", mqttPort: "0", wsPort: "off" });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      mqttPort: 0,
      wsPort: null,
      httpPort: 8080,
      logLevel: "info",
    });
    expect(config.dataDir).toBe(`${process.cwd()}/rel/dir`);
  });

  it("names the flag, the environment variable and the value in its error", () => {
    expect(() => parseHubConfig({ dataDir: "d", wsPort: "-1" })).toThrow(
      'invalid hub configuration: --ws-port / EDGESEG_WS_PORT: the WebSocket port must be 0-65535 (0 picks a free port) (got "-1")',
    );
    expect(() => parseHubConfig({ dataDir: "d", broker: "http://x" })).toThrow(
      /--broker \/ EDGESEG_BROKER: expected a broker URL/,
    );
    expect(() => parseHubConfig({ dataDir: "" })).toThrow(
      /--data-dir \/ EDGESEG_DATA_DIR: a data directory is required/,
    );
    expect(() => parseHubConfig({ dataDir: "d", logLevel: "loud" as never })).toThrow(/--log-level/);
  });

  it("reads the rate limits with their defaults, and names a bad one", () => {
    expect(parseHubConfig({ dataDir: "d", maxAuthChecks: "4" })).toMatchObject({
      authFailuresPerAddress: 20,
      authFailuresPerIdentity: 5,
      maxAuthChecks: 4,
      maxConnectionsPerAddress: 256,
      maxConnections: 4096,
    });
    expect(() => parseHubConfig({ dataDir: "d", authFailuresPerIdentity: "0" })).toThrow(
      'invalid hub configuration: --auth-failures-per-identity / EDGESEG_AUTH_FAILURES_PER_IDENTITY: the failures per identity must be at least 1 (got "0")',
    );
    expect(configFromEnv({ EDGESEG_MAX_CONNECTIONS: "100" })).toEqual({ maxConnections: "100" });
  });

  it("reads the job timeout grace with its default, and names a bad one", () => {
    expect(parseHubConfig({ dataDir: "d" }).jobTimeoutGraceMs).toBe(300_000);
    expect(parseHubConfig({ dataDir: "d", jobTimeoutGraceMs: "10000" }).jobTimeoutGraceMs).toBe(10_000);
    expect(configFromEnv({ EDGESEG_JOB_TIMEOUT_GRACE_MS: "10000" })).toEqual({ jobTimeoutGraceMs: "10000" });
    expect(() => parseHubConfig({ dataDir: "d", jobTimeoutGraceMs: "100" })).toThrow(
      'invalid hub configuration: --job-timeout-grace-ms / EDGESEG_JOB_TIMEOUT_GRACE_MS: the job timeout grace must be at least 5000 ms (the dispatcher ticks every 5 s) (got "100")',
    );
  });

  it("takes several ingest connections only with an external broker and a hub id, and names a bad count", () => {
    const shared = { dataDir: "d", broker: "mqtt://127.0.0.1:1883", hubId: "hub-a" };
    expect(parseHubConfig({ ...shared, ingestConnections: "16" }).ingestConnections).toBe(16);
    expect(parseHubConfig(shared).ingestConnections).toBeUndefined(); // the hub's default (64) applies
    expect(configFromEnv({ EDGESEG_INGEST_CONNECTIONS: "4" })).toEqual({ ingestConnections: "4" });
    expect(() => parseHubConfig({ ...shared, ingestConnections: "0" })).toThrow(
      /--ingest-connections \/ EDGESEG_INGEST_CONNECTIONS: the ingest connections must be at least 1/,
    );
    expect(() => parseHubConfig({ ...shared, ingestConnections: "257" })).toThrow(/at most 256/);
    expect(() => parseHubConfig({ dataDir: "d", ingestConnections: "4" })).toThrow(
      /--ingest-connections \/ EDGESEG_INGEST_CONNECTIONS: several ingest connections share a subscription group on an external broker: give --broker and --hub-id too/,
    );
    expect(parseHubConfig({ dataDir: "d", ingestConnections: "1" }).ingestConnections).toBe(1);
  });

  it("reads the per-device result rate with its defaults, and names a bad one", () => {
    expect(parseHubConfig({ dataDir: "d" })).toMatchObject({ resultsPerHour: 120, resultBurst: 60 });
    expect(configFromEnv({ EDGESEG_RESULT_BURST: "5" })).toEqual({ resultBurst: "5" });
    expect(() => parseHubConfig({ dataDir: "d", resultsPerHour: "-1" })).toThrow(
      'invalid hub configuration: --results-per-hour / EDGESEG_RESULTS_PER_HOUR: the results per device and hour must be at least 1 (got "-1")',
    );
  });

  it("takes a PostgreSQL database URL from --database-url or EDGESEG_DATABASE_URL, never echoing its password", () => {
    expect(parseHubConfig({ dataDir: "d" }).databaseUrl).toBeUndefined();
    const url = "postgresql://hub:s3cret@db.clinic.local:5432/edgeseg";
    expect(parseHubConfig({ dataDir: "d", databaseUrl: url }).databaseUrl).toBe(url);
    expect(configFromEnv({ EDGESEG_DATABASE_URL: url })).toEqual({ databaseUrl: url });
    expect(() => parseHubConfig({ dataDir: "d", databaseUrl: "mysql://hub:s3cret@db/edgeseg" })).toThrow(
      'invalid hub configuration: --database-url / EDGESEG_DATABASE_URL: expected postgresql://user:password@host:5432/edgeseg or a SQLite file: URL (got "mysql://hub:***@db/edgeseg")',
    );
  });

  it("reads only EDGESEG_ variables that are set and not empty", () => {
    expect(configFromEnv({ EDGESEG_MQTT_PORT: "1884", EDGESEG_HOST: "", PATH: "/bin" })).toEqual({
      mqttPort: "1884",
    });
  });
});
