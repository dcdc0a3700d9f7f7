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
  summary: string;
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
    summary: "Sent after every connect: who the device is and what it can run.",
  },
  state: {
    direction: "device-to-hub",
    qos: 1,
    retained: true,
    maxBytes: 1 * KiB,
    schemaName: "StateMessage",
    summary: "Online after connect; offline on shutdown or, as the Last Will, when the connection is lost.",
  },
  telemetry: {
    direction: "device-to-hub",
    qos: 0,
    retained: false,
    maxBytes: 8 * KiB,
    schemaName: "TelemetryMessage",
    summary: "Periodic heartbeat with load, memory, temperature and spool depth.",
  },
  jobs: {
    direction: "hub-to-device",
    qos: 1,
    retained: false,
    maxBytes: 64 * KiB,
    schemaName: "JobMessage",
    summary: "A benchmark job; re-sent by the hub until the device acknowledges it.",
  },
  "jobs/ack": {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "JobAckMessage",
    summary: "The device accepts or rejects a job.",
  },
  progress: {
    direction: "device-to-hub",
    qos: 0,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "ProgressMessage",
    summary: "Where a running job is.",
  },
  results: {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 1024 * KiB - 1 * KiB,
    schemaName: "ResultMessage",
    summary: "A finished run's result document, sent from the disk spool until the broker acknowledges it.",
  },
  events: {
    direction: "device-to-hub",
    qos: 1,
    retained: false,
    maxBytes: 8 * KiB,
    schemaName: "ErrorEventMessage",
    summary: "An error the hub should know about.",
  },
  commands: {
    direction: "hub-to-device",
    qos: 1,
    retained: false,
    maxBytes: 4 * KiB,
    schemaName: "CommandMessage",
    summary: "An instruction from the hub: cancel a job, refresh configuration, ping.",
  },
};

export function isMessageKind(value: string): value is MessageKind {
  return (messageKinds as readonly string[]).includes(value);
}

export const upstreamKinds = messageKinds.filter((k) => kindSpecs[k].direction === "device-to-hub");
export const downstreamKinds = messageKinds.filter((k) => kindSpecs[k].direction === "hub-to-device");
