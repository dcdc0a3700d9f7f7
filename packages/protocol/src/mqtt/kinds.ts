/** The message kinds: each is the last level(s) of a device topic and names one schema. */
export const messageKinds = [
  "birth",
  "state",
  "telemetry",
  "jobs",
  "jobs/ack",
  "progress",
  "results",
  "events",
  "commands",
] as const;

export type MessageKind = (typeof messageKinds)[number];
export type Direction = "device-to-hub" | "hub-to-device";

export interface KindSpec {
  direction: Direction;
  qos: 0 | 1;
  retained: boolean;
  /** Largest payload accepted, in bytes; checked before the payload is parsed. */
  maxBytes: number;
  /** Name of the schema in docs/protocol.schema.json. */
  schemaName: string;
}

const KiB = 1024;

/*
 * QoS 1 wherever a loss matters: the receiver dedupes by message id (and the hub upserts results by
 * result id), so at-least-once delivery has an exactly-once effect. QoS 0 for heartbeats and progress,
 * which the next message supersedes. The result limit stays 1 KiB under 1 MiB so that a whole PUBLISH
 * packet (fixed header, topic, packet id, payload) fits a broker that caps packets at 1 MiB, as
 * EMQX's default max_packet_size does.
 */
export const kindSpecs: Record<MessageKind, KindSpec> = {
  birth: {
    direction: "device-to-hub",
    qos: 1,
    retained: true,
    maxBytes: 16 * KiB,
    schemaName: "BirthMessage",
  },
  state: {
    direction: "device-to-hub",
    qos: 1,
    retained: true,
    maxBytes: 1 * KiB,
    schemaName: "StateMessage",
  },
  telemetry: {
    direction: "device-to-hub",
    qos: 0,
    retained: false,
    maxBytes: 8 * KiB,
    schemaName: "TelemetryMessage",
  },
  jobs: {
    direction: "hub-to-device",
    qos: 1,
    retained: false,
    maxBytes: 64 * KiB,
    schemaName: "JobMessage",
  },
  "jobs/ack": {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "JobAckMessage",
  },
  progress: {
    direction: "device-to-hub",
    qos: 0,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "ProgressMessage",
  },
  results: {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 1024 * KiB - 1 * KiB,
    schemaName: "ResultMessage",
  },
  events: {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 8 * KiB,
    schemaName: "ErrorEventMessage",
  },
  commands: {
    direction: "hub-to-device",
    qos: 1,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "CommandMessage",
  },
};

export function isMessageKind(value: string): value is MessageKind {
  return (messageKinds as readonly string[]).includes(value);
}

export const upstreamKinds = messageKinds.filter((k) => kindSpecs[k].direction === "device-to-hub");
export const downstreamKinds = messageKinds.filter((k) => kindSpecs[k].direction === "hub-to-device");
