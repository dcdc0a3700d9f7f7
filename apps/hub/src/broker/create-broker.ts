import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { kindSpecs, messageKinds, parseTopic } from "@edgeseg/protocol";
import { Aedes, type Client } from "aedes";
import type { Logger } from "pino";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { authenticateConnect, connackError } from "./authenticate.ts";
import { publishRefusal, subscribeRefusal } from "./authorize.ts";
import type { Identity } from "./identity.ts";
import { guardPacketSize } from "./packet-size-guard.ts";

/** Largest packet accepted: the largest payload of any kind plus room for the header and topic. */
export const MAX_PACKET_BYTES = Math.max(...messageKinds.map((k) => kindSpecs[k].maxBytes)) + 4096;

export interface BrokerOptions {
  credentials: DeviceCredentials;
  serviceSecret: string;
  logger: Logger;
  /**
   * Runs before the broker acknowledges a device's result (aedes sends the PUBACK after
   * authorizePublish and before routing). The hub stores the result here, so a PUBACK means the row is
   * committed even though the broker's queues live in memory; if it throws, the device is
   * disconnected without a PUBACK and re-sends the result from its spool.
   */
  beforeResultAck?: (topic: string, payload: Buffer) => Promise<void>;
}

export interface Broker {
  aedes: Aedes;
  /** Serves one connection (TCP, TLS, WebSocket stream or in-memory pair). */
  handle(conn: Duplex, req?: IncomingMessage): void;
  close(): Promise<void>;
}

/**
 * The embedded aedes broker with edgeseg's authentication and ACL.
 *
 * A refused PUBLISH closes the connection: MQTT 3.1.1 lets a server either acknowledge and drop it or
 * close the network connection [MQTT-3.3.5-2], and aedes implements only the latter (moscajs/aedes#210).
 * A conforming agent never publishes outside its own subtree, so only a misbehaving client is cut off.
 * A refused SUBSCRIBE is answered with return code 0x80 and the connection stays (section 3.9.3).
 */
export async function createBroker(opts: BrokerOptions): Promise<Broker> {
  const logger = opts.logger.child({ component: "broker" });
  const identities = new WeakMap<Client, Identity>();
  const idOf = (who: Identity) =>
    who.kind === "device" ? { deviceId: who.deviceId } : { service: who.clientId };

  const aedes = await Aedes.createBroker({
    // A client that stops reading must not stall delivery to everyone else (aedes docs, drainTimeout).
    drainTimeout: 30_000,
    connectTimeout: 10_000,

    authenticate(client, username, password, done) {
      authenticateConnect(opts, client.id, username, password).then((outcome) => {
        if ("kind" in outcome) {
          identities.set(client, outcome);
          return done(null, true);
        }
        logger.info(
          { clientId: client.id, returnCode: outcome.returnCode, reason: outcome.reason },
          "connection refused",
        );
        done(connackError(outcome), false);
      });
    },

    authorizePublish(client, packet, done) {
      const who = client ? identities.get(client) : undefined;
      if (!who) return done(new Error("publish from an unauthenticated connection"));
      const refusal = publishRefusal(who, packet);
      if (refusal) {
        logger.warn(
          { ...idOf(who), topic: packet.topic, reason: refusal },
          "publish refused; connection closed",
        );
        return done(new Error(refusal));
      }
      if (who.kind === "device" && opts.beforeResultAck && parseTopic(packet.topic)?.kind === "results") {
        return opts.beforeResultAck(packet.topic, packet.payload as Buffer).then(
          () => done(null),
          (err: Error) => {
            logger.error(
              { err, deviceId: who.deviceId },
              "result not stored; device disconnected to re-send it",
            );
            done(err);
          },
        );
      }
      done(null);
    },

    authorizeSubscribe(client, sub, done) {
      const who = identities.get(client);
      const refusal = who ? subscribeRefusal(who, sub.topic) : "unauthenticated connection";
      if (refusal) {
        logger.warn({ ...(who ? idOf(who) : {}), topic: sub.topic, reason: refusal }, "subscription refused");
        return done(null, null);
      }
      // Nothing in the protocol uses QoS 2; a server may grant less than asked (section 3.9.3).
      done(null, { ...sub, qos: Math.min(sub.qos, 1) as 0 | 1 });
    },
  });

  aedes.on("clientReady", (client) => logger.debug({ clientId: client.id }, "client connected"));
  aedes.on("clientDisconnect", (client) => logger.debug({ clientId: client.id }, "client disconnected"));
  aedes.on("clientError", (client, err) =>
    logger.debug({ clientId: client.id, err: err.message }, "client error"),
  );
  aedes.on("connectionError", (_client, err) => logger.debug({ err: err.message }, "connection error"));

  return {
    aedes,
    handle(conn, req) {
      aedes.handle(conn, req);
      guardPacketSize(conn, MAX_PACKET_BYTES, (reason) =>
        logger.warn(
          { remote: req?.socket.remoteAddress ?? (conn as { remoteAddress?: string }).remoteAddress, reason },
          "oversize packet; connection closed",
        ),
      );
    },
    close: () => new Promise<void>((resolve) => aedes.close(() => resolve())),
  };
}
