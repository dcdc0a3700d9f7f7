import type { z } from "zod";
import type { MessageKind } from "./kinds.ts";
import { commandMessageSchema } from "./messages/command.ts";
import { errorEventMessageSchema } from "./messages/event.ts";
import { jobMessageSchema } from "./messages/job.ts";
import { jobAckMessageSchema, progressMessageSchema } from "./messages/job-status.ts";
import { birthMessageSchema, stateMessageSchema } from "./messages/presence.ts";
import { resultMessageSchema } from "./messages/result-message.ts";
import { telemetryMessageSchema } from "./messages/telemetry.ts";

/** The schema of each message kind: what travels on `edgeseg/v1/devices/{deviceId}/{kind}`. */
export const messageSchemas = {
  birth: birthMessageSchema,
  state: stateMessageSchema,
  telemetry: telemetryMessageSchema,
  jobs: jobMessageSchema,
  "jobs/ack": jobAckMessageSchema,
  progress: progressMessageSchema,
  results: resultMessageSchema,
  events: errorEventMessageSchema,
  commands: commandMessageSchema,
} as const satisfies Record<MessageKind, z.ZodType<{ deviceId: string }>>;

export type MessageOf<K extends MessageKind> = z.infer<(typeof messageSchemas)[K]>;
export type AnyMessage = { [K in MessageKind]: MessageOf<K> }[MessageKind];
