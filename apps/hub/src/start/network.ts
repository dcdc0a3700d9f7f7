import { join } from "node:path";
import type { DeviceProvisioning } from "@edgeseg/registry";
import { listenMqtt, listenWebSocket, type TlsFiles } from "../broker/listeners.ts";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { createHttpServer } from "../http/server.ts";
import { closeServer, listen } from "../net/listen.ts";
import { HUB_VERSION } from "../version.ts";
import type { StartContext } from "./context.ts";
import type { Messaging } from "./messaging.ts";

export interface Ports {
  mqttPort: number | null;
  wsPort: number | null;
  httpPort: number;
}

/** The listeners, last: MQTT (TCP or TLS) and WebSocket for the embedded broker, then HTTP. */
export async function startNetwork(
  ctx: StartContext,
  m: Messaging,
  deps: {
    credentials: DeviceCredentials;
    artifactsDir: string;
    tls?: TlsFiles;
    caFingerprint?: string;
    /** What a new device's credentials are given to (an external broker provisioned by the hub). */
    provisioning?: DeviceProvisioning;
  },
): Promise<Ports> {
  const { config, stack, tls } = { ...ctx, tls: deps.tls };
  const mqtt = m.broker ? await listenMqtt(m.broker, config.host, config.mqttPort, tls) : null;
  if (mqtt) stack.add("mqtt listener", () => mqtt.close());
  const ws =
    m.broker && config.wsPort !== null
      ? await listenWebSocket(m.broker, config.host, config.wsPort, tls)
      : null;
  if (ws) stack.add("websocket listener", () => ws.close());

  const urls = {
    tls: tls !== undefined,
    caFingerprint: deps.caFingerprint,
    mqttPort: mqtt?.port ?? null,
    broker: m.externalUrl ?? undefined,
    publicHttpUrl: config.publicHttpUrl,
    publicMqttUrl: config.publicMqttUrl,
    host: config.host,
    httpPort: config.httpPort,
  };
  const health = () => ({
    ok: m.client.connected,
    version: HUB_VERSION,
    broker: m.broker ? "embedded" : "external",
    ingest: m.client.connected ? "connected" : "disconnected",
  });
  const { db, logger, now } = ctx;
  const http = createHttpServer(
    {
      db,
      logger,
      credentials: deps.credentials,
      provisioning: deps.provisioning,
      artifactsDir: deps.artifactsDir,
      agentBundlesDir: config.agentBundles ?? join(config.dataDir, "agent-bundles"),
      urls,
      now,
      health,
      limits: config,
    },
    tls,
  );
  urls.httpPort = await listen(http, config.host, config.httpPort, "HTTP");
  stack.add("http listener", () => closeServer(http));
  return { mqttPort: mqtt?.port ?? null, wsPort: ws?.port ?? null, httpPort: urls.httpPort };
}
