import { createDb, type Db, migrate } from "@edgeseg/db";
import type { Logger } from "pino";
import { embeddedProvisioning } from "./broker-provision/embedded.ts";
import { startBrokerProvisioning } from "./broker-provision/start.ts";
import { closer } from "./closer.ts";
import { prepareDataDir } from "./config/data-dir.ts";
import { parseHubConfig } from "./config/parse.ts";
import type { HubConfigInput } from "./config/schema.ts";
import { loadServiceSecret } from "./config/service-secret.ts";
import { checkListenPlan, resolveTls, type TlsPaths } from "./config/tls.ts";
import { deviceCredentials } from "./devices/credentials.ts";
import { watchDeviceSecrets } from "./devices/secret-watch.ts";
import type { DispatcherFactory, HubDispatcher } from "./dispatch-contract.ts";
import { createIngest } from "./ingest/ingest.ts";
import type { JobProgress } from "./ingest/progress.ts";
import type { TelemetryOptions } from "./ingest/telemetry.ts";
import { createLogger } from "./log/logger.ts";
import type { StartContext } from "./start/context.ts";
import { startDispatcher } from "./start/dispatcher.ts";
import { startMessaging } from "./start/messaging.ts";
import { startNetwork } from "./start/network.ts";
import { HUB_VERSION } from "./version.ts";

export interface HubOptions extends Omit<HubConfigInput, "tlsCert" | "tlsKey"> {
  /** TLS files; without them the hub serves what `edgeseg-hub tls init` left in <dataDir>/tls, if any. */
  tls?: TlsPaths;
  /** Serve without TLS on a non-loopback address (refused otherwise). */
  insecure?: boolean;
  logger?: Logger;
  /** The job dispatcher (apps/hub/src/dispatch by default); null runs the hub without one. */
  dispatcher?: DispatcherFactory | null;
  /** How often the dispatcher's tick runs (timeouts, re-sends); 0 = never (tests). */
  dispatchTickMs?: number;
  /** The service client's MQTT client id; distinct per hub when several share an external broker. */
  serviceClientId?: string;
  telemetry?: TelemetryOptions;
  now?: () => Date;
  /** How often connected devices are checked for a rotated secret (default 5 s). */
  secretWatchMs?: number;
}

export interface Hub {
  /** null with an external broker. */
  mqttPort: number | null;
  wsPort: number | null;
  httpPort: number;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  db: Db;
  /** Latest progress of a running job (kept in memory). */
  jobProgress(jobId: string): JobProgress | undefined;
  close(): Promise<void>;
}

/**
 * Starts the hub: database (migrated), embedded broker or a connection to an external one, ingest
 * through the service client, the dispatcher, then the network listeners. The service client
 * subscribes before any device can connect, so nothing published at start-up is missed.
 */
export async function createHub(opts: HubOptions): Promise<Hub> {
  const config = parseHubConfig({ ...opts, tlsCert: opts.tls?.certPath, tlsKey: opts.tls?.keyPath });
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const stack = closer(logger);
  let closing = false;
  try {
    const tls = await resolveTls(config.dataDir, {
      ...opts.tls,
      certPath: config.tlsCert,
      keyPath: config.tlsKey,
    });
    checkListenPlan({
      host: config.host,
      mqtt: config.broker === undefined,
      tls: tls !== undefined,
      insecure: opts.insecure ?? false,
    });
    const layout = await prepareDataDir(config.dataDir);
    // --database-url (PostgreSQL, or another SQLite file; relative file: URLs resolve against the data
    // directory), else the data directory's edgeseg.db.
    const dbUrl = config.databaseUrl ?? layout.dbUrl;
    await migrate(dbUrl, { baseDir: config.dataDir });
    const db = await createDb({ url: dbUrl, baseDir: config.dataDir });
    stack.add("database", () => db.close());
    const ctx: StartContext = { config, logger, db, stack, now, isClosing: () => closing };
    const serviceSecret = await loadServiceSecret(layout.serviceSecretPath);
    const credentials = deviceCredentials(db);

    let dispatcher: HubDispatcher | null = null;
    const ingest = createIngest({
      db,
      logger,
      hooks: () => dispatcher,
      now,
      telemetry: opts.telemetry,
      resultRate: { perHour: config.resultsPerHour, burst: config.resultBurst },
    });
    stack.add("telemetry", () => ingest.close());
    // Before the ingest client connects: on a dynamic security broker its role is created here.
    const dynsec = await startBrokerProvisioning(ctx, { serviceSecret });
    const messaging = await startMessaging(ctx, {
      credentials,
      serviceSecret,
      ingest,
      serviceClientId: opts.serviceClientId,
    });
    // Storage receipts go to the devices through the service client (QoS 1; docs/protocol.md).
    ingest.sendReceiptsThrough(async (topic, payload) => {
      await messaging.client.publishAsync(topic, payload, { qos: 1 });
    });
    if (messaging.broker) {
      const watch = watchDeviceSecrets({
        db,
        aedes: messaging.broker.aedes,
        credentials,
        logger,
        intervalMs: opts.secretWatchMs,
      });
      stack.add("secret watch", () => watch.close());
    }
    dispatcher = await startDispatcher(ctx, messaging.client, opts.dispatcher, opts.dispatchTickMs);
    const provisioning =
      dynsec ?? (messaging.broker ? embeddedProvisioning(messaging.broker.aedes, logger) : undefined);
    const ports = await startNetwork(ctx, messaging, {
      credentials,
      provisioning,
      artifactsDir: layout.artifactsDir,
      tls: tls?.files,
      caFingerprint: tls?.caFingerprint,
    });

    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const hub: Hub = {
      ...ports,
      httpUrl: `${tls ? "https" : "http"}://${host}:${ports.httpPort}`,
      mqttUrl: messaging.externalUrl ?? `${tls ? "mqtts" : "mqtt"}://${host}:${ports.mqttPort}`,
      dataDir: layout.root,
      db,
      jobProgress: (jobId) => ingest.progress(jobId),
      close: async () => {
        if (closing) return;
        closing = true;
        await stack.closeAll();
        logger.info("hub stopped");
      },
    };
    logger.info(
      {
        version: HUB_VERSION,
        mqttUrl: hub.mqttUrl,
        wsPort: hub.wsPort,
        httpUrl: hub.httpUrl,
        dataDir: layout.root,
        ...(tls ? { tls: tls.source, caFingerprint: tls.caFingerprint ?? null } : {}),
      },
      "hub listening",
    );
    return hub;
  } catch (error) {
    closing = true;
    await stack.closeAll();
    throw error;
  }
}
