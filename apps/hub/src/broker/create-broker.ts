import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  type AuthLimits,
  authGuard,
  isAppError,
  kindSpecs,
  messageKinds,
  parseTopic,
} from "@edgeseg/protocol";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Logger } from "pino";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { type ConnectionCaps, connectionGate } from "../limits/connection-gate.ts";
import { authenticateConnect, CONNACK, connackError, type Refusal } from "./authenticate.ts";
import { publishRefusal, subscribeRefusal } from "./authorize.ts";
import { type Identity, SERVICE_USERNAME } from "./identity.ts";
import { guardPacketSize } from "./packet-size-guard.ts";

/** Largest packet accepted: the largest payload of any kind plus room for the header and topic. */
export const MAX_PACKET_BYTES = Math.max(...messageKinds.map((k) => kindSpecs[k].maxBytes)) + 4096;

/**
 * Largest packet accepted before the CONNACK: a CONNECT carries a client id, credentials and at most a
 * Last Will the size of a state message, so an unauthenticated client cannot make the broker buffer
 * a megabyte per connection.
 */
export const MAX_CONNECT_BYTES = kindSpecs.state.maxBytes + 4096;

export interface BrokerOptions {
  credentials: DeviceCredentials;
  serviceSecret: string;
  logger: Logger;
  /** Failed-attempt back-off, concurrent secret checks, connection caps (hub config). */
  limits: AuthLimits & ConnectionCaps;
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
  /**
   * Serves one connection (TCP, TLS, WebSocket stream or in-memory pair). `socket` is the network
   * socket it came over, whose address the limits count; none for an in-process client.
   */
  handle(conn: Duplex, socket?: Socket): void;
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
  const addresses = new WeakMap<Client, string>();
  const guard = authGuard(opts.limits, logger, "mqtt");
  const gate = connectionGate(opts.limits, logger, "mqtt");
  // Refusals that checked a secret are logged one by one (the limits bound how many there are); those
  // refused unchecked only at debug, as the guard logs them once per 10 s with a count.
  const refuse = (
    client: Client,
    outcome: Refusal,
    done: (e: AuthenticateError, ok: false) => void,
    level: "info" | "debug" = "info",
  ) => {
    logger[level](
      {
        clientId: client.id,
        address: addresses.get(client),
        returnCode: outcome.returnCode,
        reason: outcome.reason,
      },
      "connection refused",
    );
    done(connackError(outcome), false);
  };
  const idOf = (who: Identity) =>
    who.kind === "device" ? { deviceId: who.deviceId } : { service: who.clientId };

  const aedes = await Aedes.createBroker({
    // A client that stops reading must not stall delivery to everyone else (aedes docs, drainTimeout).
    drainTimeout: 30_000,
    connectTimeout: 10_000,

    authenticate(client, username, password, done) {
      const address = addresses.get(client);
      // A device's identity is its username; the service credential is limited by address only.
      const identity = username === SERVICE_USERNAME ? undefined : username;
      const admission = address === undefined ? null : guard.admit(address, identity);
      if (admission && !admission.ok) {
        // Table 3.1 code 3, "Server unavailable": the agent backs off and retries (apps/agent
        // connection.ts); a blocked key is not told whether its credentials were right.
        const reason =
          admission.why === "busy"
            ? "secret checks at their cap"
            : `${admission.key} blocked for ${admission.retryAfterMs} ms after failed attempts`;
        return refuse(client, { returnCode: CONNACK.SERVER_UNAVAILABLE, reason }, done, "debug");
      }
      authenticateConnect(opts, client.id, username, password).then((outcome) => {
        admission?.release();
        if ("kind" in outcome) {
          if (address !== undefined && identity !== undefined) guard.succeeded(identity);
          identities.set(client, outcome);
          return done(null, true);
        }
        // Wrong credentials and malformed identifiers count; pending/disabled devices and database
        // trouble do not (an honest device waiting for approval keeps retrying).
        const counts =
          outcome.returnCode === CONNACK.BAD_USERNAME_OR_PASSWORD ||
          outcome.returnCode === CONNACK.IDENTIFIER_REJECTED;
        if (address !== undefined && counts) guard.failed(address, identity);
        refuse(client, outcome, done);
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
            // An expected refusal (e.g. over the device's result rate) is a warning with its reason;
            // anything else is an error with its stack.
            if (isAppError(err)) {
              logger.warn(
                { deviceId: who.deviceId, reason: err.message },
                "result not stored; device disconnected to re-send it",
              );
            } else {
              logger.error(
                { err, deviceId: who.deviceId },
                "result not stored; device disconnected to re-send it",
              );
            }
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
    handle(conn, socket) {
      if (socket && !gate.admit(socket)) return;
      const client = aedes.handle(conn);
      const address = socket?.remoteAddress;
      if (address !== undefined) addresses.set(client, address);
      // Until the CONNACK only a CONNECT-sized packet; then the largest message. A client may send
      // packets right after its CONNECT [MQTT-3.1.4-5], but mqtt.js (and so the agent) holds its
      // publishes until the CONNACK, so only a client pipelining a large PUBLISH is cut off.
      const limit = () => (identities.has(client) ? MAX_PACKET_BYTES : MAX_CONNECT_BYTES);
      guardPacketSize(conn, limit, (reason) =>
        logger.warn({ address, clientId: client.id, reason }, "oversize packet; connection closed"),
      );
    },
    close: () => new Promise<void>((resolve) => aedes.close(() => resolve())),
  };
}
