import { resolve } from "node:path";
import { z } from "zod";

const port = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a port number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0-65535 (0 picks a free port)`)
    .max(65_535, `${what} must be 0-65535 (0 picks a free port)`);

const count = (what: string, min: number) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(1_000_000, `${what} must be at most 1000000`);

const brokerUrl = z
  .string()
  .trim()
  .regex(/^(mqtts?|wss?):\/\/[^/\s]+/, "expected a broker URL such as mqtt://host:1883 or mqtts://host:8883");

/** SQLite (`file:`, the default `<data-dir>/edgeseg.db`) or PostgreSQL; packages/db parses the rest. */
const databaseUrl = z
  .string()
  .trim()
  .regex(
    /^(file:|postgres(ql)?:\/\/)/,
    "expected postgresql://user:password@host:5432/edgeseg or a SQLite file: URL",
  );

const httpBase = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^/\s]+$/, "expected a base URL without a path, such as https://hub.clinic.local:8080");

const mqttBase = z
  .string()
  .trim()
  .regex(/^(mqtts?|wss?):\/\/[^\s]+$/, "expected a URL such as mqtt://hub.clinic.local:1883");

/**
 * The hub's configuration, from createHub options or from the command line and environment (which the
 * CLI merges first, flags winning). Strings are coerced, so both sources go through the same checks.
 */
export const hubConfigSchema = z
  .object({
    dataDir: z
      .string({ error: "a data directory is required" })
      .trim()
      .min(1, "a data directory is required")
      .transform((dir) => resolve(dir)),
    /** The database; by default the SQLite file `<dataDir>/edgeseg.db`. */
    databaseUrl: databaseUrl.optional(),
    host: z.string().trim().min(1, "host must not be empty").default("127.0.0.1"),
    mqttPort: port("the MQTT port").default(1883),
    /** null: no WebSocket listener. */
    wsPort: z
      .union([z.null(), z.literal("off").transform(() => null), port("the WebSocket port")])
      .default(8083),
    httpPort: port("the HTTP port").default(8080),
    tlsCert: z.string().trim().min(1).optional(),
    tlsKey: z.string().trim().min(1).optional(),
    /** An external broker: the hub embeds none and connects to it as a client. */
    broker: brokerUrl.optional(),
    /**
     * The external broker's dynamic security admin account (Mosquitto 2): with it the hub creates,
     * disables and deletes each device's client and role there (docs/brokers.md). The password comes
     * from a file or the environment, never from the command line, where `ps` would show it.
     */
    brokerAdminUser: z.string().trim().min(1, "the broker admin user must not be empty").optional(),
    brokerAdminPasswordFile: z
      .string()
      .trim()
      .min(1, "the broker admin password file must not be empty")
      .transform((f) => resolve(f))
      .optional(),
    brokerAdminPassword: z.string().min(1, "the broker admin password must not be empty").optional(),
    /** How often the broker's device clients are compared with the database and repaired. */
    brokerSyncMs: z.coerce
      .number({ error: "the broker sync interval must be a number of milliseconds" })
      .int("the broker sync interval must be a whole number of milliseconds")
      .min(100, "the broker sync interval must be at least 100 ms")
      .max(3_600_000, "the broker sync interval must be at most 3600000 ms (1 h)")
      .default(5000),
    /**
     * This hub's name among several sharing one database and one external broker: its dispatch
     * leases (Job.leaseOwner) and its MQTT client id carry it. Keep it stable across restarts, so a
     * restarted hub resumes its broker session (the messages queued for it). With --broker, giving it
     * also makes the hub read device messages through the shared subscription `$share/edgeseg-hub/…`
     * (README, "Several hubs"). Default: the host name in leases, plain subscriptions.
     */
    hubId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "the hub id must be 1-63 letters, digits, '.', '_' or '-'")
      .optional(),
    /**
     * How many connections this hub reads the shared ingest group through (with --broker and --hub-id
     * only). The broker spreads the group's messages over every member, and mqtt.js hands a
     * connection one message at a time (its PUBACK, after the commit, comes before the next), so N
     * connections let up to N results per hub share one write batch. Default 64.
     */
    ingestConnections: z.coerce
      .number({ error: "the ingest connections must be a number" })
      .int("the ingest connections must be a whole number")
      .min(1, "the ingest connections must be at least 1")
      .max(256, "the ingest connections must be at most 256")
      .optional(),
    /** How long a dispatch lease lasts unrenewed; another hub takes the job over after that. */
    leaseMs: z.coerce
      .number({ error: "the lease must be a number of milliseconds" })
      .int("the lease must be a whole number of milliseconds")
      .min(10_000, "the lease must be at least 10000 ms (two dispatcher ticks)")
      .max(3_600_000, "the lease must be at most 3600000 ms (1 h)")
      .default(30_000),
    /**
     * How long past a running job's own timeout the hub waits for its result before it re-queues the job
     * (the agent stops the run at the timeout; the grace covers a spooled result on its way).
     */
    jobTimeoutGraceMs: z.coerce
      .number({ error: "the job timeout grace must be a number of milliseconds" })
      .int("the job timeout grace must be a whole number of milliseconds")
      .min(5_000, "the job timeout grace must be at least 5000 ms (the dispatcher ticks every 5 s)")
      .max(86_400_000, "the job timeout grace must be at most 86400000 ms (24 h)")
      .default(300_000),
    /** What enrolment tells agents; by default derived from the address the agent used. */
    publicHttpUrl: httpBase.optional(),
    publicMqttUrl: mqttBase.optional(),
    /**
     * Rate limits on MQTT CONNECT, enrolment and artifact downloads (docs/security.md): the number of
     * failed attempts per source address and per identity (device id, hardware fingerprint) that
     * starts exponential back-off; concurrent secret checks (scrypt runs on libuv's 4-thread pool, which file
     * reads share); open connections per address and in total.
     */
    authFailuresPerAddress: count("the failures per address", 1).default(20),
    authFailuresPerIdentity: count("the failures per identity", 1).default(5),
    maxAuthChecks: count("the concurrent secret checks", 1).default(2),
    maxConnectionsPerAddress: count("the connections per address", 1).default(256),
    maxConnections: count("the connections in total", 1).default(4096),
    /** Results per device: a token bucket of `resultBurst` refilled at `resultsPerHour` (docs/security.md). */
    resultsPerHour: count("the results per device and hour", 1).default(120),
    resultBurst: count("the results a device may send at once", 1).default(60),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** The agent release bundles the hub serves (install.sh, self-update); default <data-dir>/agent-bundles. */
    agentBundles: z
      .string()
      .trim()
      .min(1, "the agent bundle directory must not be empty")
      .transform((dir) => resolve(dir))
      .optional(),
  })
  .superRefine((c, ctx) => {
    const admin = c.brokerAdminUser !== undefined;
    const secret = c.brokerAdminPasswordFile !== undefined || c.brokerAdminPassword !== undefined;
    if (admin && c.broker === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["brokerAdminUser"],
        message: "provisions an external broker: give --broker mqtt://host:1883 too, or drop it",
      });
    }
    if (admin !== secret) {
      ctx.addIssue({
        code: "custom",
        path: [admin ? "brokerAdminPasswordFile" : "brokerAdminUser"],
        message: admin
          ? "--broker-admin-user needs its password: --broker-admin-password-file <file> or EDGESEG_BROKER_ADMIN_PASSWORD"
          : "a broker admin password was given without --broker-admin-user",
      });
    }
    if (
      c.ingestConnections !== undefined &&
      c.ingestConnections > 1 &&
      (c.broker === undefined || c.hubId === undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["ingestConnections"],
        message:
          "several ingest connections share a subscription group on an external broker: give --broker and --hub-id too, or drop it",
      });
    }
    // A certificate without its key (or the reverse) cannot start a TLS listener.
    if ((c.tlsCert === undefined) !== (c.tlsKey === undefined)) {
      const path = c.tlsCert === undefined ? "tlsCert" : "tlsKey";
      ctx.addIssue({
        code: "custom",
        path: [path],
        message: "give both --tls-cert and --tls-key, or neither",
      });
    }
  });

export type HubConfigInput = z.input<typeof hubConfigSchema>;
export type HubConfig = z.output<typeof hubConfigSchema>;

/** Each setting's command-line flag and environment variable, for error messages and the CLI. */
export const configSources: Record<keyof HubConfig, { flag: string; env: string }> = {
  dataDir: { flag: "--data-dir", env: "EDGESEG_DATA_DIR" },
  databaseUrl: { flag: "--database-url", env: "EDGESEG_DATABASE_URL" },
  host: { flag: "--host", env: "EDGESEG_HOST" },
  mqttPort: { flag: "--mqtt-port", env: "EDGESEG_MQTT_PORT" },
  wsPort: { flag: "--ws-port", env: "EDGESEG_WS_PORT" },
  httpPort: { flag: "--http-port", env: "EDGESEG_HTTP_PORT" },
  tlsCert: { flag: "--tls-cert", env: "EDGESEG_TLS_CERT" },
  tlsKey: { flag: "--tls-key", env: "EDGESEG_TLS_KEY" },
  broker: { flag: "--broker", env: "EDGESEG_BROKER" },
  brokerAdminUser: { flag: "--broker-admin-user", env: "EDGESEG_BROKER_ADMIN_USER" },
  brokerAdminPasswordFile: {
    flag: "--broker-admin-password-file",
    env: "EDGESEG_BROKER_ADMIN_PASSWORD_FILE",
  },
  brokerAdminPassword: { flag: "(environment only)", env: "EDGESEG_BROKER_ADMIN_PASSWORD" },
  brokerSyncMs: { flag: "--broker-sync-ms", env: "EDGESEG_BROKER_SYNC_MS" },
  hubId: { flag: "--hub-id", env: "EDGESEG_HUB_ID" },
  ingestConnections: { flag: "--ingest-connections", env: "EDGESEG_INGEST_CONNECTIONS" },
  leaseMs: { flag: "--lease-ms", env: "EDGESEG_LEASE_MS" },
  jobTimeoutGraceMs: { flag: "--job-timeout-grace-ms", env: "EDGESEG_JOB_TIMEOUT_GRACE_MS" },
  publicHttpUrl: { flag: "--public-http-url", env: "EDGESEG_PUBLIC_HTTP_URL" },
  publicMqttUrl: { flag: "--public-mqtt-url", env: "EDGESEG_PUBLIC_MQTT_URL" },
  authFailuresPerAddress: { flag: "--auth-failures-per-address", env: "EDGESEG_AUTH_FAILURES_PER_ADDRESS" },
  authFailuresPerIdentity: {
    flag: "--auth-failures-per-identity",
    env: "EDGESEG_AUTH_FAILURES_PER_IDENTITY",
  },
  maxAuthChecks: { flag: "--max-auth-checks", env: "EDGESEG_MAX_AUTH_CHECKS" },
  maxConnectionsPerAddress: {
    flag: "--max-connections-per-address",
    env: "EDGESEG_MAX_CONNECTIONS_PER_ADDRESS",
  },
  maxConnections: { flag: "--max-connections", env: "EDGESEG_MAX_CONNECTIONS" },
  resultsPerHour: { flag: "--results-per-hour", env: "EDGESEG_RESULTS_PER_HOUR" },
  resultBurst: { flag: "--result-burst", env: "EDGESEG_RESULT_BURST" },
  logLevel: { flag: "--log-level", env: "EDGESEG_LOG_LEVEL" },
  agentBundles: { flag: "--agent-bundles", env: "EDGESEG_AGENT_BUNDLES" },
};
