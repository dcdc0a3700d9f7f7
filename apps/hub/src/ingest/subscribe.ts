import { setTimeout as sleep } from "node:timers/promises";
import { type MessageKind, topics, upstreamKinds } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { subscribeGranted } from "../service/subscribe.ts";
import type { Ingest } from "./ingest.ts";

const RETRIES = 5;

/** QoS 0 messages being handled at once per connection before it stops reading (back-pressure). */
const MAX_QOS0_IN_FLIGHT = 1024;

/**
 * Feeds every device-to-hub message the service client receives into ingest. mqtt.js sends the PUBACK
 * only when `handleMessage` calls back, and reads the connection's next message only after that: a
 * QoS 1 message is acknowledged after its rows are committed, and if the database keeps failing the
 * PUBACK is withheld and the broker re-sends the message when the hub reconnects [MQTT-4.4.0-1]. QoS 1
 * messages are handled one at a time, in order. A QoS 0 message (telemetry, progress) has nothing to
 * acknowledge: it is handed to ingest and the next message read at once, so heartbeats do not queue
 * behind each other's database reads; past MAX_QOS0_IN_FLIGHT of them the connection waits.
 *
 * Call it before the client's first CONNACK: a broker holding a persistent session sends the queued
 * messages right after CONNACK, and mqtt.js's default handler would acknowledge them unread.
 */
export function attachIngest(
  client: MqttClient,
  ingest: Ingest,
  logger: Logger,
  isClosing: () => boolean,
): void {
  let qos0InFlight = 0;
  let resume: (() => void) | null = null;
  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== "publish") return callback();
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const handled = handleWithRetry(packet.topic, payload, packet.retain, packet.qos);
    if (packet.qos > 0) {
      handled.then(
        () => callback(),
        (error: Error) => callback(error),
      );
      return;
    }
    qos0InFlight++;
    handled
      .catch(() => {}) // logged in handleWithRetry; a QoS 0 message is not re-sent
      .finally(() => {
        qos0InFlight--;
        if (resume && qos0InFlight < MAX_QOS0_IN_FLIGHT) {
          const go = resume;
          resume = null;
          go();
        }
      });
    if (qos0InFlight < MAX_QOS0_IN_FLIGHT) callback();
    else resume = () => callback();
  };

  async function handleWithRetry(
    topic: string,
    payload: Buffer,
    retained: boolean,
    qos: number,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ingest.handle(topic, payload, { retained });
      } catch (err) {
        if (attempt >= RETRIES || isClosing()) {
          logger.error(
            { err, topic },
            qos > 0
              ? "cannot store message; left unacknowledged for the broker to re-send"
              : "cannot store message; dropped (QoS 0: the device sends the next one)",
          );
          throw err;
        }
        logger.warn({ err, topic, attempt }, "cannot store message; retrying");
        await sleep(200 * 2 ** attempt);
      }
    }
  }
}

/** The shared subscription group of the hubs on one external broker: `$share/edgeseg-hub/<filter>`. */
export const SHARE_GROUP = "edgeseg-hub";

/**
 * Presence kinds every hub reads itself, never through the shared group: a shared subscription gets no
 * retained messages [MQTT-4.8.2-5 in MQTT 5; Mosquitto does the same for 3.1.1 clients], and each hub
 * keeps each device's latest connection id in memory to tell a stale Last Will from a current one.
 */
export const PRESENCE_KINDS: readonly MessageKind[] = ["birth", "state"];

/**
 * Subscribes the service client to every device's upstream kinds, QoS 1 — except the kinds the caller
 * already ingests another way (the embedded broker stores results before acknowledging them; reading
 * them again through the subscription would insert every result twice). With `shareGroup` (several
 * hubs on one external broker) every kind but presence is subscribed as `$share/<group>/…`, so the
 * broker gives each message to one hub of the group; a copy re-sent to another hub is still stored
 * once (results are keyed by resultId).
 */
export async function subscribeUpstream(
  client: MqttClient,
  logger: Logger,
  except: readonly MessageKind[] = [],
  shareGroup?: string,
): Promise<void> {
  const filters = Object.fromEntries(
    upstreamFilters(except, shareGroup).map((f) => [f, { qos: 1 as const }]),
  );
  const granted = await subscribeGranted(client, filters);
  const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
  if (refused.length > 0) {
    // SUBACK return code 0x80 is "Failure" (MQTT 3.1.1 section 3.9.3): the broker's ACL does not let the hub read these.
    logger.error({ refused }, "the broker refused the hub's subscriptions; fix its ACL for the service user");
  }
}

function upstreamFilters(except: readonly MessageKind[], shareGroup?: string): string[] {
  return upstreamKinds
    .filter((k) => !except.includes(k))
    .map((k) =>
      shareGroup === undefined || PRESENCE_KINDS.includes(k)
        ? topics.allDevices(k)
        : `$share/${shareGroup}/${topics.allDevices(k)}`,
    );
}

/** Drops the shared subscriptions (to subscribe them afresh after a reconnect; see start/messaging.ts). */
export async function unsubscribeShared(
  client: MqttClient,
  except: readonly MessageKind[],
  shareGroup: string,
): Promise<void> {
  const shared = upstreamFilters(except, shareGroup).filter((f) => f.startsWith("$share/"));
  await client.unsubscribeAsync(shared);
}
