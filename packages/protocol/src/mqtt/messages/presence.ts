import { z } from "zod";
import { deviceInfoSchema, resultDocumentSchema, runtimeSettingsSchema } from "../../result.ts";
import { envelopeShape, uuidSchema } from "./common.ts";

const connectionIdSchema = uuidSchema.describe(
  "Chosen afresh for every MQTT connection and repeated in that connection's state messages, so the hub can tell a late Last Will of an earlier connection from the current state.",
);

/** Retained on `birth`: published after every connect, before anything else. */
export const birthMessageSchema = z
  .object({
    ...envelopeShape,
    connectionId: connectionIdSchema,
    agentVersion: z.string().min(1).max(40).describe("Version of the agent software."),
    device: deviceInfoSchema.describe("The hardware and software, as recorded in every result document."),
    capabilities: z
      .object({
        backends: z
          .array(runtimeSettingsSchema.shape.backend)
          .min(1)
          .max(2)
          .describe(
            "ONNX Runtime backends this agent can run: node (onnxruntime-node) and/or wasm (onnxruntime-web).",
          ),
        executionProviders: z
          .array(z.string().min(1).max(40))
          .max(10)
          .describe("Execution providers of the native backend, e.g. cpu."),
        pipelines: z
          .array(resultDocumentSchema.shape.model.shape.pipeline)
          .max(10)
          .describe("Model pipelines the agent's engine runs."),
      })
      .strict()
      .describe("What jobs this device can take."),
  })
  .strict()
  .describe(
    "Published after every connect, before anything else: who the device is and what it can run. Retained, so a hub that (re)subscribes learns it at once.",
  );

/**
 * Retained on `state`. The Last Will is registered at CONNECT with status offline, so its `sentAt` is
 * the connect time; the hub takes the time it receives a will as the time the device went offline.
 */
export const stateMessageSchema = z
  .object({
    ...envelopeShape,
    connectionId: connectionIdSchema,
    status: z.enum(["online", "offline"]).describe("Whether the device is connected."),
    reason: z
      .enum(["connected", "shutdown", "connection-lost"])
      .describe(
        "connected goes with online; shutdown is sent by the agent before a clean DISCONNECT; connection-lost is the Last Will, published by the broker.",
      ),
  })
  .strict()
  .refine((m) => (m.status === "online") === (m.reason === "connected"), {
    message: "status online goes with reason connected, and only with it",
    path: ["reason"],
  })
  .describe(
    "Presence: online after connect; offline before a clean shutdown or, as the Last Will, when the connection is lost.",
  );

export type BirthMessage = z.infer<typeof birthMessageSchema>;
export type StateMessage = z.infer<typeof stateMessageSchema>;
