import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MessageKind } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { type Broker, createBroker } from "../broker/create-broker.ts";
import { SERVICE_CLIENT_ID_PREFIX } from "../broker/identity.ts";
import type { DeviceCredentials } from "../devices/credentials.ts";
import type { Ingest } from "../ingest/ingest.ts";
import {
  attachIngest,
  PRESENCE_KINDS,
  SHARE_GROUP,
  subscribeUpstream,
  unsubscribeShared,
} from "../ingest/subscribe.ts";
import { firstConnect, serviceClient } from "../service/client.ts";
import { embeddedTarget, externalTarget } from "../service/target.ts";
import type { StartContext } from "./context.ts";

export interface Messaging {
  /** null with an external broker. */
  broker: Broker | null;
  client: MqttClient;
  /** The external broker's URL without credentials. */
  externalUrl: string | null;
}

/**
 * The embedded broker (unless --broker names an external one) and the service client, subscribed to
 * every device's upstream kinds. In embedded mode results are stored before the broker acknowledges
 * them (see BrokerOptions.beforeResultAck), and every device starts offline: no one is connected to
 * a broker that just started, whatever the database says. With an external broker no device is
 * marked offline at start or stop (other hubs may serve them; the retained state messages and Last
 * Wills say who is connected), and hubs given a --hub-id share the ingest through shared subscriptions.
 */
export async function startMessaging(
  ctx: StartContext,
  deps: { credentials: DeviceCredentials; serviceSecret: string; ingest: Ingest; serviceClientId?: string },
): Promise<Messaging> {
  const { config, logger, db, stack } = ctx;
  const broker = config.broker
    ? null
    : await createBroker({
        credentials: deps.credentials,
        serviceSecret: deps.serviceSecret,
        logger,
        limits: config,
        beforeResultAck: (topic, payload) => deps.ingest.handle(topic, payload, { beforeAck: true }),
      });
  if (broker) {
    const allOffline = () =>
      db.prisma.device.updateMany({ where: { online: true }, data: { online: false } });
    await allOffline();
    stack.add("broker", async () => {
      await broker.close();
      await allOffline();
    });
  }

  const external = config.broker ? externalTarget(config.broker) : null;
  const client = serviceClient({
    target: broker ? embeddedTarget(broker) : external!.target,
    clientId: deps.serviceClientId ?? serviceClientIdOf(config.hubId),
    username: external?.username,
    password: external?.password ?? deps.serviceSecret,
  });
  stack.add("service client", () => client.endAsync());
  client.on("error", (err) => logger.warn({ err: err.message }, "service client error"));
  client.on("offline", () => !ctx.isClosing() && logger.warn("service client lost the broker; reconnecting"));
  const ingestLogger = logger.child({ component: "ingest" });
  attachIngest(client, deps.ingest, ingestLogger, ctx.isClosing);
  await firstConnect(client, external?.shown ?? "the embedded broker");
  // Several hubs on one external broker (each with its --hub-id) share the ingest; one hub alone keeps
  // plain subscriptions, which a hand-written ACL file for the service user already admits.
  const share = !broker && config.hubId !== undefined ? SHARE_GROUP : undefined;
  const except: MessageKind[] = broker ? ["results"] : [];
  await subscribeUpstream(client, ingestLogger, except, share);
  if (!broker) resubscribeOnReconnect(client, { logger: ingestLogger, except, share });
  if (external && share !== undefined) {
    const count = config.ingestConnections ?? DEFAULT_INGEST_CONNECTIONS;
    const opened = await recordIngestConnections(config.dataDir, config.hubId!, count);
    for (let k = 1; k < Math.max(count, opened); k++) {
      const extra = serviceClient({
        target: external.target,
        clientId: ingestClientIdOf(config.hubId!, k),
        username: external.username,
        password: external.password ?? deps.serviceSecret,
      });
      stack.add(`ingest connection ${k}`, () => extra.endAsync());
      extra.on("error", (err) => logger.warn({ err: err.message, connection: k }, "ingest connection error"));
      attachIngest(extra, deps.ingest, ingestLogger, ctx.isClosing);
      await firstConnect(extra, external.shown);
      if (k < count) {
        await subscribeUpstream(extra, ingestLogger, [...except, ...PRESENCE_KINDS], share);
        resubscribeOnReconnect(extra, {
          logger: ingestLogger,
          except: [...except, ...PRESENCE_KINDS],
          share,
        });
      } else {
        // A connection an earlier start opened and this one does not need: its session may still hold
        // messages the broker queued for it. Connected without its subscriptions it receives those, and
        // nothing new.
        await unsubscribeShared(extra, [...except, ...PRESENCE_KINDS], share);
      }
    }
    ingestLogger.info(
      { connections: count, retired: Math.max(0, opened - count) },
      "ingest connections open",
    );
  }
  return { broker, client, externalUrl: external?.shown ?? null };
}

/**
 * The service client's id: with --hub-id one per hub (hubs sharing a broker must not take over each
 * other's session), stable across restarts so a restarted hub resumes its session and the messages
 * the broker queued for it.
 */
export function serviceClientIdOf(hubId: string | undefined): string {
  return hubId === undefined
    ? `${SERVICE_CLIENT_ID_PREFIX}-ingest`
    : `${SERVICE_CLIENT_ID_PREFIX}-ingest-${hubId}`;
}

/**
 * The id of a hub's further ingest connection k ≥ 1: `<service id>:<k>` (':' is not allowed in a hub
 * id, so no hub's ids collide with another's).
 */
export function ingestClientIdOf(hubId: string, k: number): string {
  return `${serviceClientIdOf(hubId)}:${k}`;
}

export const DEFAULT_INGEST_CONNECTIONS = 64;

/**
 * Keeps in the data directory the most ingest connections this hub has ever opened and returns the
 * number before this start. Each has a persistent session on the broker, in which the broker queues
 * the shared group's messages while it is away: a hub restarted with fewer connections must still
 * read what waits in the others' sessions.
 */
async function recordIngestConnections(dataDir: string, hubId: string, count: number): Promise<number> {
  const file = join(dataDir, `ingest-connections-${hubId}`);
  const before = await readFile(file, "utf8").then(
    (text) => Number.parseInt(text, 10),
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return 1;
      throw err;
    },
  );
  const known = Number.isInteger(before) && before >= 1 && before <= 256 ? before : 256;
  if (count > known) await writeFile(file, `${count}\n`, { mode: 0o600 });
  return known;
}

/**
 * After a reconnect, subscribe again even when the broker says it kept the session (mqtt.js then
 * does not). Seen with Debian's Mosquitto 2.0.11 restarted from its persistence file
 * (tests/fleet/multi-hub.test.ts): a hub that kept its session got nothing more through its shared
 * subscriptions; dropping them and subscribing afresh (UNSUBSCRIBE, SUBSCRIBE) restores delivery. In
 * between, the group's other members take the messages. Registered after the first CONNACK: every
 * later "connect" is a reconnect.
 */
function resubscribeOnReconnect(
  client: MqttClient,
  opts: { logger: Logger; except: readonly MessageKind[]; share: string | undefined },
): void {
  const { logger, except, share } = opts;
  client.on("connect", (connack) => {
    const again = async () => {
      if (share !== undefined && connack.sessionPresent) await unsubscribeShared(client, except, share);
      await subscribeUpstream(client, logger, except, share);
      logger.info({ sessionPresent: connack.sessionPresent }, "subscribed again after reconnecting");
    };
    again().catch((err: Error) =>
      logger.warn({ err: err.message }, "cannot subscribe again after reconnecting; retrying at the next"),
    );
  });
}
