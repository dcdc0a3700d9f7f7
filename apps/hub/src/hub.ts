import { createDb, type Db, migrate } from "@edgeseg/db";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { createBroker } from "./broker/create-broker.ts";
import { SERVICE_CLIENT_ID_PREFIX } from "./broker/identity.ts";
import { listenMqtt, listenWebSocket } from "./broker/listeners.ts";
import { closer } from "./closer.ts";
import { prepareDataDir } from "./config/data-dir.ts";
import { parseHubConfig } from "./config/parse.ts";
import type { HubConfigInput } from "./config/schema.ts";
import { loadServiceSecret } from "./config/service-secret.ts";
import { readTlsFiles } from "./config/tls.ts";
import { deviceCredentials } from "./devices/credentials.ts";
import type { DispatcherFactory, HubDispatcher } from "./dispatch-contract.ts";
import { createHttpServer } from "./http/server.ts";
import { createIngest } from "./ingest/ingest.ts";
import type { JobProgress } from "./ingest/progress.ts";
import { attachIngest, subscribeUpstream } from "./ingest/subscribe.ts";
import type { TelemetryOptions } from "./ingest/telemetry.ts";
import { createLogger } from "./log/logger.ts";
import { closeServer, listen } from "./net/listen.ts";
import { firstConnect, serviceClient } from "./service/client.ts";
import { embeddedTarget, externalTarget } from "./service/target.ts";
import { HUB_VERSION } from "./version.ts";

export interface HubOptions extends Omit<HubConfigInput, "tlsCert" | "tlsKey"> {
  tls?: { certPath: string; keyPath: string };
  logger?: Logger;
  /** The job dispatcher (apps/hub/src/dispatch by default); null runs the hub without one. */
  dispatcher?: DispatcherFactory | null;
  /** How often the dispatcher's tick runs (timeouts, re-sends); 0 = never (tests). */
  dispatchTickMs?: number;
  /** The service client's MQTT client id; distinct per hub when several share an external broker. */
  serviceClientId?: string;
  telemetry?: TelemetryOptions;
  now?: () => Date;
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
    const layout = await prepareDataDir(config.dataDir);
    await migrate(layout.dbUrl);
    const db = await createDb({ url: layout.dbUrl });
    stack.add("database", () => db.close());
    const serviceSecret = await loadServiceSecret(layout.serviceSecretPath);
    const tls = await readTlsFiles(config.tlsCert, config.tlsKey);
    const credentials = deviceCredentials(db);

    let dispatcher: HubDispatcher | null = null;
    const ingest = createIngest({ db, logger, hooks: () => dispatcher, now, telemetry: opts.telemetry });
    stack.add("telemetry", () => ingest.close());

    const embedded = config.broker === undefined;
    const broker = embedded
      ? await createBroker({
          credentials,
          serviceSecret,
          logger,
          beforeResultAck: (t, p) => ingest.handle(t, p),
        })
      : null;
    if (broker) {
      // No device is connected to a broker that just started; the database may still say otherwise.
      await db.prisma.device.updateMany({ where: { online: true }, data: { online: false } });
      stack.add("broker", async () => {
        await broker.close();
        await db.prisma.device.updateMany({ where: { online: true }, data: { online: false } });
      });
    }

    const external = config.broker ? externalTarget(config.broker) : null;
    const client: MqttClient = serviceClient({
      target: broker ? embeddedTarget(broker) : external!.target,
      clientId: opts.serviceClientId ?? `${SERVICE_CLIENT_ID_PREFIX}-ingest`,
      username: external?.username,
      password: external?.password ?? serviceSecret,
    });
    stack.add("service client", () => client.endAsync());
    client.on("error", (err) => logger.warn({ err: err.message }, "service client error"));
    client.on("offline", () => !closing && logger.warn("service client lost the broker; reconnecting"));
    const ingestLogger = logger.child({ component: "ingest" });
    attachIngest(client, ingest, ingestLogger, () => closing);
    await firstConnect(client, external?.shown ?? "the embedded broker");
    await subscribeUpstream(client, ingestLogger);

    const factory =
      opts.dispatcher === undefined ? (await import("./dispatch-default.ts")).dispatcher : opts.dispatcher;
    if (factory) {
      const publish = async (topic: string, payload: Buffer, qos: 0 | 1) => {
        await client.publishAsync(topic, payload, { qos });
      };
      const dispatchLogger = logger.child({ component: "dispatch" });
      const d = await factory({
        db,
        publish,
        logger: dispatchLogger,
        now,
        tickIntervalMs: opts.dispatchTickMs,
      });
      dispatcher = d;
      stack.add("dispatcher", () => d.close());
    }

    const mqtt = broker ? await listenMqtt(broker, config.host, config.mqttPort, tls) : null;
    if (mqtt) stack.add("mqtt listener", () => mqtt.close());
    const ws =
      broker && config.wsPort !== null
        ? await listenWebSocket(broker, config.host, config.wsPort, tls)
        : null;
    if (ws) stack.add("websocket listener", () => ws.close());

    const urls = {
      tls: tls !== undefined,
      mqttPort: mqtt?.port ?? null,
      broker: external?.shown,
      publicHttpUrl: config.publicHttpUrl,
      publicMqttUrl: config.publicMqttUrl,
      host: config.host,
      httpPort: config.httpPort,
    };
    const health = () => ({
      ok: client.connected,
      version: HUB_VERSION,
      broker: embedded ? "embedded" : "external",
      ingest: client.connected ? "connected" : "disconnected",
    });
    const http = createHttpServer(
      { db, logger, credentials, artifactsDir: layout.artifactsDir, urls, now, health },
      tls,
    );
    const httpPort = await listen(http, config.host, config.httpPort, "HTTP");
    urls.httpPort = httpPort;
    stack.add("http listener", () => closeServer(http));

    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const hub: Hub = {
      mqttPort: mqtt?.port ?? null,
      wsPort: ws?.port ?? null,
      httpPort,
      httpUrl: `${tls ? "https" : "http"}://${host}:${httpPort}`,
      mqttUrl: external?.shown ?? `${tls ? "mqtts" : "mqtt"}://${host}:${mqtt!.port}`,
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
